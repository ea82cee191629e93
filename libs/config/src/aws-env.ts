import './english-messages';
import * as z from 'zod/mini';

const httpUrl = () => z.url({ protocol: /^https?$/ });

/**
 * The AWS settings every service shares: the region (Lambda sets `AWS_REGION`) and optional
 * endpoints for local engines; with no endpoint, clients talk to real AWS in the region.
 *
 * @example
 * const schema = z.object({ ...awsEnv, CALLBACKS_TABLE: envTableName });
 */
export const awsEnv = {
  AWS_REGION: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')),
  DYNAMODB_ENDPOINT: z.optional(httpUrl()),
  S3_ENDPOINT: z.optional(httpUrl()),
};

/** A DynamoDB table name (3 to 255 of `[a-zA-Z0-9_.-]`). */
export const envTableName = z.string().check(z.regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'));

/** An S3 bucket name (3 to 63 lower-case letters, digits, dots and dashes). */
export const envBucketName = z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'));
