import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleFolder } from './console-files';

const buildFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-files-'));
  mkdirSync(join(dir, 'assets'));
  return dir;
};

describe('the console build in a folder', () => {
  it('finds a file written after a first miss, as when npm start builds the console after the function started', async () => {
    const dir = buildFolder();
    const files = createConsoleFolder(dir);

    const before = await files.read('index.html');
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const after = await files.read('index.html');

    expect(before).toBeUndefined();
    expect(Buffer.from(after?.body ?? []).toString()).toBe('<!doctype html>');
  });

  it('reads nothing but index.html and hashed names under assets/, whatever exists on disk', async () => {
    const dir = buildFolder();
    writeFileSync(join(dir, 'secret.txt'), 'no');
    writeFileSync(join(dir, 'assets', 'main-ABC.js'), 'export {}');
    const files = createConsoleFolder(dir);

    const outside = await Promise.all(['secret.txt', 'assets/../secret.txt', 'assets/', 'assets/.hidden'].map((path) => files.read(path)));
    const script = await files.read('assets/main-ABC.js');

    expect(outside).toEqual([undefined, undefined, undefined, undefined]);
    expect(script?.contentType).toBe('text/javascript; charset=utf-8');
  });
});
