import { EventEmitter, once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, createLocalTable } from '@sm/local-aws';
import { EngineSupervisionError, superviseEngine, type SupervisedEngine } from './supervised-engine';

/** A logger that says when an engine (re)started and with which pid. */
function signallingLogger() {
  const events = new EventEmitter();
  const errors: string[] = [];
  return {
    errors,
    started: () => once(events, 'started').then(([pid]: number[]) => pid),
    logger: {
      info: (message: string) => {
        const pid = /\(pid (\d+)\) listening/.exec(message)?.[1];
        if (pid) events.emit('started', Number(pid));
      },
      error: (message: string) => errors.push(message),
    },
  };
}

function documentsAt(endpoint: string) {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
}

/** Each start is a Node process of its own, which a busy machine may take seconds to do. */
const ENGINE_STARTS_MS = 30_000;

describe('superviseEngine', () => {
  let engine: SupervisedEngine | undefined;
  afterEach(() => engine?.close());

  it('restarts a killed engine on the same endpoint and data folder, its items still there', async () => {
    // prepare
    const { logger, started } = signallingLogger();
    engine = await superviseEngine({ name: 'dynamodb', path: mkdtempSync(join(tmpdir(), 'supervised-')), logger, onGiveUp: jest.fn() });
    const documents = documentsAt(engine.endpoint);
    await createLocalTable(engine.endpoint, { TableName: 'things' });
    await documents.send(new PutCommand({ TableName: 'things', Item: { pk: 'kept' } }));
    const killedPid = engine.pid();
    const restarted = started();

    // act
    process.kill(killedPid, 'SIGKILL');
    const newPid = await restarted;
    const { Item } = await documents.send(new GetCommand({ TableName: 'things', Key: { pk: 'kept' } }));
    documents.destroy();

    // assess
    expect(newPid).not.toBe(killedPid);
    expect(engine.pid()).toBe(newPid);
    expect(Item).toEqual({ pk: 'kept' });
  }, ENGINE_STARTS_MS);

  it('gives up once, with one message, when the engine exits more often than its budget allows', async () => {
    // prepare
    const { logger, started, errors } = signallingLogger();
    const gaveUp = new EventEmitter();
    const givenUp = once(gaveUp, 'error');
    engine = await superviseEngine({
      name: 's3',
      path: mkdtempSync(join(tmpdir(), 'supervised-')),
      logger,
      budget: { restarts: 1, windowMs: 60_000 },
      onGiveUp: (error) => gaveUp.emit('error', error),
    });
    const restarted = started();

    // act
    process.kill(engine.pid(), 'SIGKILL');
    await restarted;
    process.kill(engine.pid(), 'SIGKILL');
    const [error] = (await givenUp) as [EngineSupervisionError];

    // assess
    expect(error).toBeInstanceOf(EngineSupervisionError);
    expect(error.message).toBe('Storage engine s3 exited 2 times within 60 s (the last by signal SIGKILL); stopping.');
    expect(errors.at(-1)).toBe(error.message);
  }, ENGINE_STARTS_MS);
});
