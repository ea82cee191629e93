#!/bin/sh
# nx run <app>:container — builds <app>:<git sha> and <app>:latest from docker/Dockerfile.
# Usage: build-image.sh <app> [base image]; without a base image, the Dockerfile's AWS defaults apply.
set -eu
cd "$(dirname "$0")/../.."
app="$1"
base="${2:-}"
sha=$(git rev-parse HEAD)
set -- --network host -f docker/Dockerfile --build-arg APP="$app" -t "$app:$sha" -t "$app:latest"
if [ -n "$base" ]; then
  set -- "$@" --build-arg BASE_IMAGE="$base" --build-arg BUILD_IMAGE="$base"
fi
# Lambda accepts a single-platform image manifest only. buildx adds provenance and SBOM
# attestations (an OCI image index) unless told not to; the classic builder never adds them.
if docker buildx version >/dev/null 2>&1; then
  docker buildx build --load --provenance=false --sbom=false "$@" .
else
  docker build "$@" .
fi
