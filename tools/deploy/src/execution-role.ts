import { GetRoleCommand, NoSuchEntityException, type IAMClient } from '@aws-sdk/client-iam';
import * as z from 'zod';
import type { AwsRead, ReportedRead } from './plan';

const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === 'string' ? [value] : value));
const StatementSchema = z.object({
  Effect: z.string(),
  Action: oneOrMany.optional(),
  Principal: z.union([z.literal('*'), z.object({ Service: oneOrMany.optional() })]).optional(),
});
const TrustPolicySchema = z.object({ Statement: z.union([StatementSchema, z.array(StatementSchema)]) });

/**
 * The role's name: the last segment of its ARN (GetRole takes the name, not the path).
 *
 * @example
 * roleName('arn:aws:iam::123456789012:role/service/lambda-app-prod'); // 'lambda-app-prod'
 */
export function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/**
 * Whether a trust policy, as GetRole returns it (URL-encoded JSON, RFC 3986), lets Lambda assume
 * the role: a statement that allows `sts:AssumeRole` to the service `lambda.amazonaws.com`.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 *
 * @example
 * trustsLambda(encodeURIComponent(JSON.stringify(policy))); // true
 */
export function trustsLambda(encodedDocument: string): boolean {
  const parsed = TrustPolicySchema.safeParse(parseJson(decoded(encodedDocument)) ?? parseJson(encodedDocument));
  if (!parsed.success) return false;
  const statements = Array.isArray(parsed.data.Statement) ? parsed.data.Statement : [parsed.data.Statement];
  return statements.some(
    ({ Effect, Action = [], Principal }) =>
      Effect === 'Allow' &&
      Action.some((action) => ['sts:AssumeRole', 'sts:*', '*'].includes(action)) &&
      (Principal === '*' || (Principal?.Service ?? []).includes('lambda.amazonaws.com')),
  );
}

/**
 * The read that checks the execution role.
 *
 * @example
 * roleRead('arn:aws:iam::123456789012:role/lambda-app-prod'); // { service: 'IAM', command: 'GetRole', input: { RoleName: 'lambda-app-prod' } }
 */
export function roleRead(roleArn: string): AwsRead {
  return { service: 'IAM', command: 'GetRole', input: { RoleName: roleName(roleArn) } };
}

/**
 * What is wrong with the execution role, or undefined: it does not exist, or Lambda may not assume it.
 *
 * @example
 * const problem = await checkExecutionRole(iam, roleArn, read);
 */
export async function checkExecutionRole(iam: IAMClient, roleArn: string, read: ReportedRead): Promise<string | undefined> {
  const answer = await read(roleRead(roleArn), () =>
    iam.send(new GetRoleCommand({ RoleName: roleName(roleArn) })).catch((error: unknown) => {
      if (error instanceof NoSuchEntityException) return null;
      throw error;
    }),
  );
  if (answer === null) return `execution role ${roleArn}: does not exist (create it once per account, see the README)`;
  const document = answer.Role?.AssumeRolePolicyDocument;
  if (document === undefined || !trustsLambda(document)) {
    return `execution role ${roleArn}: its trust policy does not let lambda.amazonaws.com assume it (allow sts:AssumeRole to the service lambda.amazonaws.com)`;
  }
  return undefined;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
