import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEnvFile } from '@sm/config';

/** The settings file the local commands read, and what it sets. */
export interface LocalEnvFile {
  path: string;
  /** True when there was no `.env` and the documented defaults of `.env.example` apply. */
  fromExample: boolean;
  values: Record<string, string>;
}

/**
 * The local settings as `npm start`, `serve-container` and `invoke` find them: `.env` in `cwd`, or
 * without one the workspace's `.env.example`, so a fresh clone runs as is. Callers let the real
 * environment win over these values, as dotenv does.
 *
 * @example
 * const { values } = localEnvFile(workspaceRoot);
 * const config = { ...values, ...process.env };
 */
export function localEnvFile(workspaceRoot: string, cwd = process.cwd()): LocalEnvFile {
  const own = resolve(cwd, '.env');
  const path = existsSync(own) ? own : join(workspaceRoot, '.env.example');
  return { path, fromExample: path !== own, values: readEnvFile(path) };
}
