#!/bin/sh
# The AWS Node.js base image's entrypoint contract: the handler is the only argument and the runtime
# client reads it from _HANDLER. That image falls back to its bundled emulator (RIE) when
# AWS_LAMBDA_RUNTIME_API is unset; this one has none, so it says where the runtime API comes from.
if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"
if [ -z "${AWS_LAMBDA_RUNTIME_API}" ]; then
  echo "AWS_LAMBDA_RUNTIME_API is not set: run this image behind a Lambda runtime API (nx run <app>:serve-container:local)" 1>&2
  exit 142
fi
exec /var/runtime/bootstrap
