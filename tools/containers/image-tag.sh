#!/bin/sh
# Prints the tag this checkout builds <app> as: <app>:local-<hash of the checkout's path>. Each
# checkout sharing a Docker daemon has its own, so none overwrites the image another one serves or
# tests; src/build-image.ts builds it, serve-container, the container suite and the bench run it.
set -eu
cd "$(dirname "$0")/../.."
echo "$1:local-$(pwd -P | sha256sum | cut -c1-12)"
