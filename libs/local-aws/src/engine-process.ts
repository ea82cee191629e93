// The entry of one storage engine's own process (see startEngineProcess): dynalite or s3rver, so that
// whatever kills an engine (a stack overflow on deeply nested input, a crash in LevelDB) kills only
// that process, never the gateway or the functions. Run as: node --import tsx engine-process.ts.
import { parseArgs } from 'node:util';
import { startEmbeddedDynamoDb, type EmbeddedEngine } from './embedded-dynamodb';
import { startEmbeddedS3 } from './embedded-s3';
import type { EngineMessage } from './engine-message';

const { values } = parseArgs({ options: { engine: { type: 'string' }, path: { type: 'string' }, port: { type: 'string' } } });

function start(): Promise<EmbeddedEngine> {
  const port = Number(values.port ?? 0);
  if (values.engine === 'dynamodb') return startEmbeddedDynamoDb({ path: values.path, port });
  if (values.engine === 's3' && values.path) return startEmbeddedS3({ directory: values.path, port });
  throw new Error(`usage: engine-process --engine dynamodb|s3 --path <data folder> [--port <port>]`);
}

function report(message: EngineMessage): void {
  process.send?.(message);
}

start().then(
  (engine) => {
    // The parent that supervises this engine is gone (even by SIGKILL): an orphan would hold the
    // port and the data folder's lock against the next start, so it leaves too.
    process.once('disconnect', () => process.exit(0));
    process.once('SIGTERM', () => void engine.close().finally(() => process.exit(0)));
    report({ endpoint: engine.endpoint });
  },
  (error: unknown) => {
    report({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
