// dynalite has no published types: the local declaration must travel with this file to every project that imports it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./dynalite.d.ts" />
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { closeIteratorsOnReturn } from './close-level-iterators';
import { guardDynalite } from './dynalite-guard';

/** A running local engine: the endpoint to point an AWS SDK client at, and how to stop it. */
export interface EmbeddedEngine {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite (the DynamoDB API over LevelDB) on 127.0.0.1. With `path` the data persists in that
 * folder across restarts; without it, it lives in memory. A new table stays CREATING for
 * `createTableMs` (0 by default, where AWS takes seconds) and, as on AWS, answers reads and writes
 * only once ACTIVE: even at 0 that is a timer turn later, so callers wait for it as they must on AWS
 * (createStoreTable does). Documents nested deeper than DynamoDB allows are
 * refused as DynamoDB refuses them, and a client leaving mid-request is ignored, where dynalite alone
 * would crash (see guardDynalite).
 *
 * @example
 * const dynamo = await startEmbeddedDynamoDb({ path: '.data/dynamodb' });
 * const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
 */
export async function startEmbeddedDynamoDb(options: { path?: string; port?: number; createTableMs?: number } = {}): Promise<EmbeddedEngine> {
  closeIteratorsOnReturn();
  const server = dynalite({
    ...(options.path === undefined ? {} : { path: options.path }),
    createTableMs: options.createTableMs ?? 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  for (const listener of listeners) server.on('request', guardDynalite(listener));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
