#!/usr/bin/env sh
# Browser tests drive Debian's Chromium through playwright-core (apps/*/e2e/browser.ts). Playwright's
# own browser download is not used: the apt package is the one CI and developers install alike. No
# recommends (udev, upower, mesa, printing, notifications): headless with --disable-gpu uses none.
set -eu
CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  "$CHROMIUM" --version
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
"$CHROMIUM" --version
