#!/bin/sh
# Makes Docker usable for `npm run test:containers` on a Debian machine run as root (CI): installs
# Debian's docker.io and a static busybox (for tools/lambda-base) when absent, and starts dockerd
# when none answers. Without a bridge or iptables: every container uses the host network.
set -eu
if ! command -v dockerd >/dev/null 2>&1 || ! command -v busybox >/dev/null 2>&1 || ldd "$(command -v busybox)" >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io busybox-static
fi
if ! docker info >/dev/null 2>&1; then
  nohup dockerd --bridge=none --iptables=false >/var/log/dockerd.log 2>&1 &
  tries=0
  until docker info >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -le 60 ] || { echo "ensure-docker: dockerd did not answer within 60 s (see /var/log/dockerd.log)" >&2; exit 1; }
    sleep 1
  done
fi
# A newer client (docker 28) negotiates the API version down to Debian's 20.10 daemon by itself.
docker version --format 'ensure-docker: client {{.Client.Version}}, daemon {{.Server.Version}}'
