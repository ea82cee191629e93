import { tmpdir } from 'node:os';
import { spawnPrinting } from './printing-process';

const node = (script: string) => spawnPrinting(process.execPath, ['-e', script], { cwd: tmpdir(), env: { PATH: process.env.PATH } });

describe('spawnPrinting', () => {
  it('resolves with the ready line, printed on stdout or stderr, and keeps all the output', async () => {
    // prepare
    const child = node("console.error('starting'); console.log('listening on http://127.0.0.1:1234'); setInterval(() => {}, 1000);");

    // act
    const [, url] = await child.waitForOutput(/listening on (\S+)/, { from: 0 });
    await child.kill('SIGTERM');

    // assess
    expect(url).toBe('http://127.0.0.1:1234');
    expect(child.output()).toContain('starting');
    expect(child.exitStatus()).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('rejects when the process exits before the line', async () => {
    // prepare
    const child = node('process.exit(3);');

    // act
    const waited = child.waitForOutput(/listening/, { from: 0 });

    // assess
    await expect(waited).rejects.toThrow('the process exited before printing /listening/');
    expect(await child.exited).toEqual({ code: 3, signal: null });
  });

  it('rejects when the line does not come within the timeout', async () => {
    // prepare
    const child = node('setInterval(() => {}, 1000);');

    // act
    const waited = child.waitForOutput(/listening/, { timeoutMs: 50 });

    // assess
    await expect(waited).rejects.toThrow('did not print /listening/ within 50 ms');
    await child.kill('SIGKILL');
  });

  it('keeps only the tail of a long output when asked', async () => {
    // prepare
    const child = spawnPrinting(process.execPath, ['-e', "console.log('x'.repeat(1000) + 'END')"], { cwd: tmpdir(), env: {}, outputTailChars: 10 });

    // act
    await child.waitForOutput(/END\n/, { from: 0 });

    // assess
    expect(child.output()).toBe('xxxxxxEND\n');
  });
});
