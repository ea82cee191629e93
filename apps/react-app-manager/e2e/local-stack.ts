import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStackProcess, type LocalStackProcess } from '@sm/testing';

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
