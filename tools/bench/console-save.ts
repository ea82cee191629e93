import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { median, percentile, startLocalStackProcess, type LocalStackProcess } from '@sm/testing';
import type { Browser } from 'playwright-core';
import { buildConsole } from '../../apps/console/build-console';
import { launchChromium } from '../../apps/react-app-manager/e2e/browser';
import { WORKSPACE_ROOT } from './workspace';

// `npm run bench:console [-- --screenshot docs/console-editor.png]`: in headless Chromium against
// `npm start`'s stack, the time from Ctrl+S in the console's editor to the preview showing the saved
// code, over 30 saves, and the console's initial JavaScript (gzip). Markdown on stdout, progress on
// stderr; figures for a closing note, never for assertions.
const SAVES = 30;
const WARMUP_SAVES = 3;
const TARGET_P50_MS = 250;
const TARGET_P95_MS = 500;
const TARGET_INITIAL_KB = 300;
const APP = 'bench-save';

const log = (message: string) => console.error(`[bench:console] ${message}`);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/**
 * The app's App.tsx: its heading names the save, and it records when React committed it (epoch ms,
 * sub-millisecond) so the wait is measured in the browser, not by how often Playwright polls.
 */
const appSource = (label: string) => `import { useLayoutEffect } from 'react';

export function App() {
  useLayoutEffect(() => {
    (window as unknown as { renderedAt: number }).renderedAt = performance.timeOrigin + performance.now();
  });
  return (
    <main>
      <h1>${label}</h1>
      <p>Each Ctrl+S in the console saves, rebuilds and reloads this preview.</p>
    </main>
  );
}
`;

/** The two pages' windows as the bench reads them (tools/bench's types have no DOM). */
interface BrowserTiming {
  savedAt: number;
  renderedAt: number;
  addEventListener(type: string, listener: () => void, options: object): void;
}

interface Sample {
  /** Ctrl+S to the preview's commit of the saved code. */
  total: number;
  /** Of which the PUT (save and build), as the browser's resource timing saw it. */
  put: number;
}

async function measure(stack: LocalStackProcess, browser: Browser, screenshot: string | undefined): Promise<Sample[]> {
  const token = await stack.token('bench', ['apps:read', 'apps:write']);
  const created = await fetch(`${stack.url}/api/apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: APP, template: 'counter', title: 'Save benchmark' }),
  });
  if (created.status !== 201) throw new Error(`creating the app answered ${created.status}: ${await created.text()}`);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}/console/apps/${APP}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('User name').fill('bench');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.cm-content').waitFor();
  const preview = page.frameLocator(`iframe[title="Preview of ${APP}"]`);

  const samples: Sample[] = [];
  for (let save = 1; save <= WARMUP_SAVES + SAVES; save += 1) {
    const label = `Save ${save}`;
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(appSource(label));
    await page.evaluate(() => {
      const view = globalThis as unknown as BrowserTiming;
      view.addEventListener('keydown', () => (view.savedAt = performance.timeOrigin + performance.now()), { once: true, capture: true });
    });
    await page.keyboard.press('ControlOrMeta+S');
    const heading = preview.getByRole('heading', { level: 1, name: label });
    await heading.waitFor({ timeout: 20_000 });
    const renderedAt = await heading.evaluate(() => (globalThis as unknown as BrowserTiming).renderedAt);
    const savedAt = await page.evaluate(() => (globalThis as unknown as BrowserTiming).savedAt);
    const put = await page.evaluate(() => {
      const puts = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/apps/bench-save'));
      return puts.at(-1)?.duration ?? Number.NaN;
    });
    if (save > WARMUP_SAVES) samples.push({ total: renderedAt - savedAt, put });
    log(`${label}: ${Math.round(renderedAt - savedAt)} ms, of which the PUT ${Math.round(put)} ms${save <= WARMUP_SAVES ? ' (warm-up)' : ''}`);
  }
  if (screenshot !== undefined) {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    log(`screenshot written to ${screenshot}`);
  }
  await context.close();
  return samples;
}

async function main() {
  const flag = process.argv.indexOf('--screenshot');
  const screenshot = flag === -1 ? undefined : resolve(process.argv[flag + 1] ?? 'docs/console-editor.png');
  const build = await buildConsole(join(WORKSPACE_ROOT, 'dist/apps/console'));
  log(`console built: initial JavaScript ${(build.initialGzipBytes / 1024).toFixed(1)} KB gzip`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  let stack: LocalStackProcess | undefined;
  let browser: Browser | undefined;
  try {
    [stack, browser] = await Promise.all([startLocalStackProcess({ workspaceRoot: WORKSPACE_ROOT, dataDir }), launchChromium()]);
    const samples = await measure(stack, browser, screenshot);
    const totals = samples.map((sample) => sample.total);
    const puts = samples.map((sample) => sample.put);
    const p50 = median(totals);
    const p95 = percentile(totals, 95);
    const initialKb = build.initialGzipBytes / 1024;
    console.log(`| measure | value | target | |
| --- | --- | --- | --- |
| save → updated preview, p50 (${samples.length} saves) | ${Math.round(p50)} ms | ≤ ${TARGET_P50_MS} ms | ${verdict(p50 <= TARGET_P50_MS)} |
| save → updated preview, p95 | ${Math.round(p95)} ms | ≤ ${TARGET_P95_MS} ms | ${verdict(p95 <= TARGET_P95_MS)} |
| save → updated preview, min / max | ${Math.round(Math.min(...totals))} / ${Math.round(Math.max(...totals))} ms | | |
| of which the PUT (save and build), p50 / p95 | ${Math.round(median(puts))} / ${Math.round(percentile(puts, 95))} ms | | |
| load average (1 min) on ${cpus().length} cores at the end | ${loadavg()[0]?.toFixed(1)} | | |
| console's initial JavaScript (${build.initialScripts.length} files, gzip) | ${initialKb.toFixed(1)} KB | ≤ ${TARGET_INITIAL_KB} KB | ${verdict(initialKb <= TARGET_INITIAL_KB)} |`);
  } finally {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
