import { randomBytes } from 'node:crypto';

/** The account every local ARN names; AWS's documentation value, as the local gateway uses. */
export const LOCAL_ACCOUNT_ID = '123456789012';

/**
 * One Lambda function's configuration, as deployed.
 *
 * @example
 * const fn: LambdaFunction = { name: 'callback-service', timeoutSeconds: 10, memoryMB: 512, region: 'us-east-1', environment: { LOG_LEVEL: 'INFO' } };
 */
export interface LambdaFunction {
  name: string;
  timeoutSeconds: number;
  memoryMB: number;
  region: string;
  /** The function's environment variables; Lambda's reserved variables are set over them. */
  environment: Record<string, string>;
}

/**
 * The function's ARN, as `invocation/next` passes it and the Invoke API names it.
 *
 * @example
 * functionArn(fn); // 'arn:aws:lambda:us-east-1:123456789012:function:callback-service'
 */
export function functionArn(fn: Pick<LambdaFunction, 'name' | 'region'>): string {
  return `arn:aws:lambda:${fn.region}:${LOCAL_ACCOUNT_ID}:function:${fn.name}`;
}

/**
 * What a runtime's environment holds on Lambda: the function's variables, then the reserved ones
 * Lambda sets for every execution environment (which a function cannot override).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 *
 * @example
 * launch(runtimeEnvironment(fn, api.address));
 */
export function runtimeEnvironment(fn: LambdaFunction, runtimeApi: string): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    ...fn.environment,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
  };
}
