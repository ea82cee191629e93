import { spawnSync } from 'node:child_process';
// The module object itself (not a namespace copy), so a spy on it is what log-output calls.
import fs from 'node:fs';
import { join } from 'node:path';
import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import { descriptorOutput } from './log-output';

const WORKSPACE = join(__dirname, '../../..');

/**
 * Runs a service answering `GET /health` in a fresh Node process whose `process.stdout` and
 * `process.stderr` throw when created (once the module is loaded: tsx's compiler creates them), and
 * returns what it wrote to its descriptors.
 */
function runServiceWithoutStreams(handlerVariable: string | undefined) {
  const script = `
    const { createService } = await import(${JSON.stringify(join(__dirname, 'index.ts'))});
    for (const name of ['stdout', 'stderr']) Object.defineProperty(process, name, { get() { throw new Error('process.' + name + ' was created'); } });
    const config = { LOG_LEVEL: 'INFO', LOG_FORMAT: 'json', APP_VERSION: '1.0.0', AUTH_SCOPE_PREFIX: '', _HANDLER: ${JSON.stringify(handlerVariable)} };
    const handler = createService({ name: 'notes-service', config, routes: [] });
    const result = await handler(${JSON.stringify(buildHttpApiEvent({ path: '/health' }))}, ${JSON.stringify(buildLambdaContext({ functionName: 'notes-service' }))});
    (await import('node:fs')).writeSync(2, 'status ' + result.statusCode);`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: WORKSPACE,
    env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: join(WORKSPACE, 'tsconfig.base.json') },
    encoding: 'utf8',
  });
}

describe('where a service writes its log lines', () => {
  it('writes to file descriptor 1 in a runtime client’s process, without creating process.stdout or process.stderr', () => {
    // act
    const child = runServiceWithoutStreams('main.handler');

    // assess
    expect(child.stderr).toBe('status 200');
    expect(child.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'request', service: 'notes-service', status: 200 }),
    ]);
  }, 30_000);

  it('writes to the process streams without _HANDLER, as in a worker thread of the local stack', () => {
    // act
    const child = runServiceWithoutStreams(undefined);

    // assess
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('process.stdout was created');
  }, 30_000);
});

describe('descriptorOutput', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands the rest of a line and every later line to the stream once a descriptor is full', () => {
    // prepare
    const streamed: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => streamed.push(String(chunk)) > 0);
    const written: string[] = [];
    jest.spyOn(fs, 'writeSync').mockImplementation(((_fd: number, buffer: Buffer, offset: number) => {
      if (written.length > 0) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
      written.push(buffer.subarray(offset, offset + 6).toString());
      return 6;
    }) as typeof fs.writeSync);
    const output = descriptorOutput();

    // act
    output.out('{"n":1}\n');
    output.out('{"n":2}\n');

    // assess
    expect([...written, ...streamed]).toEqual(['{"n":1', '}\n', '{"n":2}\n']);
  });

  it('throws what the descriptor fails with other than EAGAIN', () => {
    // prepare
    jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('EBADF: bad file descriptor, write'), { code: 'EBADF' });
    });

    // act
    const writing = () => descriptorOutput().err('{"level":"ERROR"}\n');

    // assess
    expect(writing).toThrow('EBADF');
  });
});
