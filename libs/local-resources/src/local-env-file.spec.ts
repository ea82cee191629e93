import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localEnvFile } from './local-env-file';

/** A workspace with `.env.example`, and a folder inside it to run from. */
function workspace(): { root: string; cwd: string } {
  const root = mkdtempSync(join(tmpdir(), 'local-env-'));
  writeFileSync(join(root, '.env.example'), 'LOG_LEVEL=INFO\nPORT=3000\n');
  const cwd = join(root, 'run');
  mkdirSync(cwd);
  return { root, cwd };
}

describe('localEnvFile', () => {
  it("reads the .env of the folder it runs from, and nothing of .env.example's", () => {
    // prepare
    const { root, cwd } = workspace();
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=DEBUG\n');

    // act
    const file = localEnvFile(root, cwd);

    // assess
    expect(file).toEqual({ path: join(cwd, '.env'), fromExample: false, values: { LOG_LEVEL: 'DEBUG' } });
  });

  it("falls back on the workspace's .env.example when there is no .env, and says so", () => {
    // prepare
    const { root, cwd } = workspace();

    // act
    const file = localEnvFile(root, cwd);

    // assess
    expect(file).toEqual({ path: join(root, '.env.example'), fromExample: true, values: { LOG_LEVEL: 'INFO', PORT: '3000' } });
  });

  it('keeps an empty .env: it means no settings, not the defaults', () => {
    // prepare
    const { root, cwd } = workspace();
    writeFileSync(join(cwd, '.env'), '');

    // act
    const file = localEnvFile(root, cwd);

    // assess
    expect(file).toEqual({ path: join(cwd, '.env'), fromExample: false, values: {} });
  });
});
