#!/bin/sh
# nx run <app>:container — builds <app>:local-<checkout> (image-tag.sh) from docker/Dockerfile, and
# <app>:<git sha> too when the work tree is clean and the base is the Dockerfile's (AWS) one: only
# then does the commit name what the image holds.
# Usage: build-image.sh <app> [base image]; without a base image, the Dockerfile's AWS defaults apply.
set -eu
cd "$(dirname "$0")/../.."
app="$1"
base="${2:-}"
set -- --network host -f docker/Dockerfile --build-arg APP="$app" -t "$(sh tools/containers/image-tag.sh "$app")"
if [ -n "$base" ]; then
  set -- "$@" --build-arg BASE_IMAGE="$base" --build-arg BUILD_IMAGE="$base"
elif [ -z "$(git status --porcelain)" ]; then
  set -- "$@" -t "$app:$(git rev-parse HEAD)"
fi
# Lambda accepts a single-platform image manifest only. buildx adds provenance and SBOM
# attestations (an OCI image index) unless told not to; the classic builder never adds them.
if docker buildx version >/dev/null 2>&1; then
  docker buildx build --load --provenance=false --sbom=false "$@" .
else
  docker build "$@" .
fi
