import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, startEmbeddedS3 } from '@sm/local-aws';
import { connectDynamoDb, connectS3, createDynamoDbStore, createS3BlobStore, createStoreBucket, createStoreTable } from '@sm/storage';
import { median, percentile } from '@sm/testing';

// The store calls on the two hot paths, against the embedded engines `npm start` runs, in this
// process: receiving a callback (one conditional put) and creating an app (a site's blobs in
// parallel, then one conditional put of the metadata). Figures for notes, never for assertions.

const RUNS = 60;
const WARM_UP = 5;

interface Sample {
  name: string;
  timings: number[];
}

async function timed(name: string, run: (n: number) => Promise<unknown>): Promise<Sample> {
  for (let n = 0; n < WARM_UP; n += 1) await run(-1 - n);
  const timings: number[] = [];
  for (let n = 0; n < RUNS; n += 1) {
    const started = performance.now();
    await run(n);
    timings.push(performance.now() - started);
  }
  return { name, timings };
}

/** A built counter site's shape: index.html, the app's module and CSS, React's shared modules. */
const siteFiles = [
  ['index.html', 900],
  ['assets/main.js', 1_200],
  ['assets/main.css', 500],
  ['assets/vendor/react.js', 8_000],
  ['assets/vendor/react-jsx-runtime.js', 1_000],
  ['assets/vendor/react-dom.js', 5_000],
  ['assets/vendor/react-dom-client.js', 180_000],
  ['assets/vendor/scheduler.js', 4_000],
  ['source.json', 2_500],
] as const;

export async function measureStoreLatency(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-latency-'));
  const dynamoEngine = await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const s3Engine = await startEmbeddedS3({ directory: join(dataDir, 's3') });
  const target = { region: 'us-east-1', dynamoDbEndpoint: dynamoEngine.endpoint, s3Endpoint: s3Engine.endpoint, credentials: LOCAL_CREDENTIALS };
  const dynamo = connectDynamoDb(target);
  const s3 = connectS3(target);
  try {
    await createStoreTable(dynamo, 'callbacks');
    await createStoreTable(dynamo, 'apps');
    await createStoreBucket(s3, 'sites');
    const callbacks = createDynamoDbStore<{ id: string; receivedAt: string; text: string }>(dynamo, 'callbacks', {
      keyOf: (record) => record.id,
      sortKeyOf: (record) => record.receivedAt,
    });
    const apps = createDynamoDbStore<{ name: string; createdAt: string; buildId: string }>(dynamo, 'apps', {
      keyOf: (record) => record.name,
      sortKeyOf: (record) => record.createdAt,
    });
    const blobs = createS3BlobStore(s3, 'sites');
    const bodies = siteFiles.map(([path, bytes]) => [path, new Uint8Array(bytes).fill(97)] as const);
    await blobs.put('builds/served/b1/index.html', new Uint8Array(900).fill(97), { contentType: 'text/html', cacheControl: 'no-cache' });

    const samples = [
      await timed('receive callback: DynamoDB conditional put', (n) =>
        callbacks.putIfAbsent({ id: `cb_${n}_${randomUUID()}`, receivedAt: new Date().toISOString(), text: 'Hello, Serverless Microservices架构!' }),
      ),
      await timed('list callbacks: one Query page of 20', () => callbacks.list({ limit: 20 })),
      await timed(`create app: ${siteFiles.length} S3 puts in parallel (a counter site, ~200 KB)`, async (n) => {
        const buildId = randomUUID();
        await Promise.all(
          bodies.map(([path, body]) => blobs.put(`builds/app-${n}/${buildId}/${path}`, body, { contentType: 'text/plain', cacheControl: 'no-cache' })),
        );
      }),
      await timed('create app: DynamoDB conditional put of the metadata', (n) =>
        apps.putIfAbsent({ name: `app-${n}-${randomUUID()}`, createdAt: new Date().toISOString(), buildId: randomUUID() }),
      ),
      await timed('serve app: one S3 get (index.html)', () => blobs.get('builds/served/b1/index.html')),
    ];
    const rows = samples.map(
      ({ name, timings }) => `| ${name} | ${median(timings).toFixed(1)} ms | ${percentile(timings, 95).toFixed(1)} ms |`,
    );
    return [
      `Store latency on the embedded engines (dynalite, s3rver) in-process on 127.0.0.1, ${RUNS} runs after ${WARM_UP} warm-up:`,
      '',
      '| Call | p50 | p95 |',
      '|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    await dynamo.destroy();
    await s3.destroy();
    await dynamoEngine.close();
    await s3Engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureStoreLatency().then(
    (report) => console.log(report),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
