import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/** Where the AWS clients talk: real AWS in `region`, or a local engine when an endpoint is set. */
export interface AwsTarget {
  region: string;
  dynamoDbEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
}

/**
 * The DynamoDB client a composition root builds once per cold start.
 *
 * @example
 * const dynamo = createDynamoDbClient({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });
 */
export function createDynamoDbClient(target: AwsTarget): DynamoDBClient {
  return new DynamoDBClient({ region: target.region, ...(target.dynamoDbEndpoint ? { endpoint: target.dynamoDbEndpoint } : {}) });
}

/**
 * The S3 client a composition root builds once per cold start; local engines need path-style URLs.
 *
 * @example
 * const s3 = createS3Client({ region: config.AWS_REGION, s3Endpoint: config.S3_ENDPOINT });
 */
export function createS3Client(target: AwsTarget): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.s3Endpoint ? { endpoint: target.s3Endpoint, forcePathStyle: true } : {}),
  });
}
