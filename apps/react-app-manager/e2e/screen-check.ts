import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Git-ignored: each run's screenshots, one per screen, for a person to look at. */
export const TEST_OUTPUT = resolve(__dirname, '../../../test-output/console');

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Screenshots the screen under `name` and runs axe-core on it; returns the serious and critical
 * violations. axe is evaluated through the DevTools protocol, which the console's CSP (script-src
 * 'self') does not apply to, so the page is checked as it is served.
 */
export async function checkScreen(page: Page, name: string): Promise<AxeViolation[]> {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  await page.screenshot({ path: join(TEST_OUTPUT, `${name}.png`), fullPage: true });
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // In the page: its window, typed as far as this reads it (this project's types have no DOM).
    const view = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> };
    };
    // Frames hold the user's app on another origin: its accessibility is the user's, not the console's.
    const result = await view.axe.run(view.document, { resultTypes: ['violations'], iframes: false });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Every error the page logged or threw, from now on. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
