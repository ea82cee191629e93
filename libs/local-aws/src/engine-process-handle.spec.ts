import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { EngineStartError, startEngineProcess } from './engine-process-handle';
import { LOCAL_CREDENTIALS } from './embedded-s3';

/** Each engine is a Node process of its own, which a busy machine may take seconds to start. */
const ENGINE_START_MS = 30_000;

describe('startEngineProcess', () => {
  it('runs s3rver in a process of its own, reachable at the endpoint it reports, until closed', async () => {
    // prepare
    const engine = await startEngineProcess({ name: 's3', path: mkdtempSync(join(tmpdir(), 'engine-process-')) });
    const s3 = new S3Client({ endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });

    // act
    const listed = await s3.send(new ListBucketsCommand({})).finally(() => {
      s3.destroy();
      return engine.close();
    });

    // assess
    expect(engine.pid).not.toBe(process.pid);
    expect(listed.Buckets ?? []).toEqual([]);
    await expect(engine.exited).resolves.toEqual({ code: 0, signal: null });
  }, ENGINE_START_MS);

  it('kills an engine that does not exit on SIGTERM, so closing it always ends', async () => {
    // prepare: a stopped process takes no signal but SIGKILL
    const engine = await startEngineProcess({ name: 'dynamodb', path: mkdtempSync(join(tmpdir(), 'engine-process-')) });
    process.kill(engine.pid, 'SIGSTOP');

    // act
    await engine.close();

    // assess
    await expect(engine.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
  }, ENGINE_START_MS);

  it('reports the engine that exits before it listens as an EngineStartError', async () => {
    // prepare
    const taken = await startEngineProcess({ name: 'dynamodb', path: mkdtempSync(join(tmpdir(), 'engine-process-')) });
    try {
      // act
      const second = startEngineProcess({ name: 'dynamodb', path: mkdtempSync(join(tmpdir(), 'engine-process-')), port: taken.port });

      // assess
      await expect(second).rejects.toThrow(EngineStartError);
    } finally {
      await taken.close();
    }
  }, ENGINE_START_MS);
});
