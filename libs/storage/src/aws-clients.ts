import type * as DynamoDbSdk from './dynamodb-sdk';
import type * as S3Sdk from './s3-sdk';
import { toStorageError } from './storage-unavailable';

/** Where the AWS clients talk: real AWS in `region`, or a local engine when an endpoint is set. */
export interface AwsTarget {
  region: string;
  dynamoDbEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
  /** Explicit credentials (local engines); otherwise the SDK's default chain (the Lambda role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * A client made on first use. The AWS SDK is a third of a bundle: loading it only when a request
 * first touches storage keeps it off every cold start that does not (health checks, 4xx answers).
 */
export interface AwsConnection<T> {
  use(): Promise<T>;
  /** Closes the client's sockets, if it was ever made. */
  destroy(): Promise<void>;
}

export interface DynamoDbSession {
  sdk: typeof DynamoDbSdk;
  /** The low-level client under `documents`, for the table-level calls and the SDK's waiters. */
  client: DynamoDbSdk.DynamoDBClient;
  documents: DynamoDbSdk.DynamoDBDocumentClient;
}

export interface S3Session {
  sdk: typeof S3Sdk;
  client: S3Sdk.S3Client;
}

/**
 * For a local engine (an endpoint on this machine): a refused or stalled connection means it is down
 * or restarting, so fail within seconds, with one retry, instead of the SDK's unbounded defaults.
 */
const LOCAL_ENGINE_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true } };

interface MiddlewareClient {
  middlewareStack: DynamoDbSdk.DynamoDBClient['middlewareStack'] | S3Sdk.S3Client['middlewareStack'];
}

/**
 * Turns what a call threw, once the SDK's own retries are spent (the initialize step wraps them),
 * into a `StorageUnavailableError` when waiting may help, so every store reports an outage alike.
 */
function reportUnavailability<T extends MiddlewareClient>(client: T): T {
  (client.middlewareStack as DynamoDbSdk.DynamoDBClient['middlewareStack']).add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw toStorageError(error);
      }
    },
    { step: 'initialize', priority: 'high', name: 'storageUnavailable' },
  );
  return client;
}

function lazily<T extends { destroy(): void }, S>(make: () => Promise<S>, clientOf: (session: S) => T): AwsConnection<S> {
  let session: Promise<S> | undefined;
  return {
    use: () => (session ??= make()),
    destroy: async () => {
      if (session) clientOf(await session).destroy();
    },
  };
}

/**
 * The DynamoDB document client a composition root declares once per cold start.
 *
 * @example
 * const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });
 */
export function connectDynamoDb(target: AwsTarget): AwsConnection<DynamoDbSession> {
  return lazily(
    async () => {
      const sdk = await import('./dynamodb-sdk');
      const client = reportUnavailability(
        new sdk.DynamoDBClient({
          region: target.region,
          ...(target.dynamoDbEndpoint ? { endpoint: target.dynamoDbEndpoint, ...LOCAL_ENGINE_OPTIONS } : {}),
          ...(target.credentials ? { credentials: target.credentials } : {}),
        }),
      );
      return { sdk, client, documents: sdk.DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
    },
    (session) => session.documents,
  );
}

/**
 * The S3 client a composition root declares once per cold start; local engines need path-style URLs.
 *
 * @example
 * const s3 = connectS3({ region: config.AWS_REGION, s3Endpoint: config.S3_ENDPOINT });
 */
export function connectS3(target: AwsTarget): AwsConnection<S3Session> {
  return lazily(
    async () => {
      const sdk = await import('./s3-sdk');
      const client = reportUnavailability(
        new sdk.S3Client({
          region: target.region,
          ...(target.s3Endpoint ? { endpoint: target.s3Endpoint, forcePathStyle: true, ...LOCAL_ENGINE_OPTIONS } : {}),
          ...(target.credentials ? { credentials: target.credentials } : {}),
        }),
      );
      return { sdk, client };
    },
    (session) => session.client,
  );
}
