import * as v from 'valibot';
import { envHttpUrl } from './env-types';

/**
 * The AWS settings every service shares: the region (Lambda sets `AWS_REGION`) and optional
 * endpoints for local engines; with no endpoint, clients talk to real AWS in the region.
 *
 * @example
 * const schema = v.object({ ...awsEnv, CALLBACKS_TABLE: envTableName });
 */
export const awsEnv = {
  AWS_REGION: v.pipe(v.string('is required'), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')),
  DYNAMODB_ENDPOINT: v.optional(envHttpUrl),
  S3_ENDPOINT: v.optional(envHttpUrl),
};

/** A DynamoDB table name (3 to 255 of `[a-zA-Z0-9_.-]`). */
export const envTableName = v.pipe(v.string('is required'), v.regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'));

/** An S3 bucket name (3 to 63 lower-case letters, digits, dots and dashes). */
export const envBucketName = v.pipe(v.string('is required'), v.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'));
