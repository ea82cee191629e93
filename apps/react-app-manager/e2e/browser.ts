import { chromium, type Browser, type Locator } from 'playwright-core';

/** Debian's `chromium` package; `.ci/run` installs it (tools/browser/ensure-chromium.sh). */
const CHROMIUM = '/usr/bin/chromium';

// No sandbox: CI runs as root in a container. The rest keeps Chromium from calling Google's
// services, so the only traffic is to the local gateway on 127.0.0.1.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Headless Chromium with a throwaway profile (Playwright's own temporary user-data dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const WAIT_MS = 10_000;

/**
 * The element's visible text once it shows `expected`, or whatever it shows after a wait: the
 * assertion is the caller's, so a failure prints what the user would really see. playwright-core
 * has no retrying `expect`; that ships with @playwright/test, which runs its own test runner.
 */
export async function visibleText(locator: Locator, expected: string): Promise<string> {
  await locator
    .filter({ hasText: expected })
    .waitFor({ state: 'visible', timeout: WAIT_MS })
    .catch(() => undefined);
  return (await locator.innerText({ timeout: WAIT_MS })).trim();
}
