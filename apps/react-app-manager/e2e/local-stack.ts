import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStackProcess, type LocalStackProcess } from '@sm/testing';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

export type LocalStack = LocalStackProcess;

const workspaceRoot = resolve(__dirname, '../../..');

/** `npm start`'s stack with its embedded engines' data in a fresh folder, removed on stop. */
export async function startLocalStack(): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'react-app-manager-e2e-'));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  const stack = await startLocalStackProcess({ workspaceRoot, dataDir }).catch((error: unknown) => {
    removeData();
    throw error;
  });
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      removeData();
    },
  };
}

/**
 * The local stack and Chromium, started at once; if either fails, the one that did start is
 * stopped before the failure is thrown, so a suite's afterAll has nothing left running.
 *
 * @example
 * beforeAll(async () => ({ stack, browser } = await startStackAndChromium()), 90_000);
 */
export async function startStackAndChromium(): Promise<{ stack: LocalStack; browser: Browser }> {
  const [started, launched] = await Promise.allSettled([startLocalStack(), launchChromium()]);
  if (started.status === 'fulfilled' && launched.status === 'fulfilled') return { stack: started.value, browser: launched.value };
  if (started.status === 'fulfilled') await started.value.stop();
  if (launched.status === 'fulfilled') await launched.value.close();
  throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
}
