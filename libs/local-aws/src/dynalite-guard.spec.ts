import { once } from 'node:events';
import { connect } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDepthMeter } from './dynalite-guard';
import { createLocalTable } from './create-local-table';
import { startEmbeddedDynamoDb, type EmbeddedEngine } from './embedded-dynamodb';
import { LOCAL_CREDENTIALS } from './embedded-s3';

/** A document nested `levels` deep: `{ a: { a: ... 'bottom' } }`. */
function nested(levels: number): Record<string, unknown> {
  let document: Record<string, unknown> = { a: 'bottom' };
  for (let level = 1; level < levels; level++) document = { a: document };
  return document;
}

describe('createDepthMeter', () => {
  it('counts objects and arrays, not the brackets inside strings or after escapes', () => {
    const tooDeep = createDepthMeter(2);

    expect(tooDeep(Buffer.from('{"a":[ "}}{{[[\\" {{" '))).toBe(false);
    expect(tooDeep(Buffer.from(',{"b":1}]}'))).toBe(true);
  });

  it('follows a text cut across chunks, even inside a string', () => {
    const tooDeep = createDepthMeter(1);

    expect(tooDeep(Buffer.from('{"a":"x\\'))).toBe(false);
    expect(tooDeep(Buffer.from('"{{"}'))).toBe(false);
    expect(tooDeep(Buffer.from('{'))).toBe(false);
    expect(tooDeep(Buffer.from('{'))).toBe(true);
  });
});

describe('dynalite behind its guard', () => {
  let engine: EngineHandle;
  type EngineHandle = EmbeddedEngine & { documents: DynamoDBDocumentClient };
  beforeAll(async () => {
    const started = await startEmbeddedDynamoDb();
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: started.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
    await createLocalTable(started.endpoint, { TableName: 'docs' });
    engine = { ...started, documents };
  });
  afterAll(async () => {
    engine.documents.destroy();
    await engine.close();
  });

  it('stores a document 32 levels deep, the most DynamoDB allows', async () => {
    await engine.documents.send(new PutCommand({ TableName: 'docs', Item: { pk: 'deep-32', doc: nested(31) } }));

    const { Item } = await engine.documents.send(new GetCommand({ TableName: 'docs', Key: { pk: 'deep-32' } }));

    expect(Item).toEqual({ pk: 'deep-32', doc: nested(31) });
  });

  it('refuses a document a thousand levels deep as DynamoDB does, and keeps answering', async () => {
    const put = engine.documents.send(new PutCommand({ TableName: 'docs', Item: { pk: 'too-deep', doc: nested(1000) } }));

    await expect(put).rejects.toMatchObject({ name: 'ValidationException', message: 'Nesting Levels have exceeded supported limits' });
    const after = await engine.documents.send(new GetCommand({ TableName: 'docs', Key: { pk: 'too-deep' } }));
    expect(after.Item).toBeUndefined();
  });

  it('keeps answering after a client leaves in the middle of its request body', async () => {
    const { port } = new URL(engine.endpoint);
    const leaving = connect(Number(port), '127.0.0.1');
    await once(leaving, 'connect');
    leaving.write('POST / HTTP/1.1\r\nHost: local\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{"TableName":');

    leaving.destroy();
    await once(leaving, 'close');

    await expect(engine.documents.send(new GetCommand({ TableName: 'docs', Key: { pk: 'deep-32' } }))).resolves.toMatchObject({ Item: { pk: 'deep-32' } });
  });
});
