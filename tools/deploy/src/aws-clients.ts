import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { STSClient } from '@aws-sdk/client-sts';

/** The SDK clients a deploy and a rollback use, all in one region (IAM's endpoint is global). */
export interface AwsClients {
  sts: STSClient;
  ecr: ECRClient;
  lambda: LambdaClient;
  iam: IAMClient;
  apigateway: ApiGatewayV2Client;
  logs: CloudWatchLogsClient;
  scheduler: SchedulerClient;
}

/**
 * Either clients ready to use, or why there are none (each missing item on its own line). A dry run
 * goes on without clients; a real run stops on the first form.
 */
export type AwsAccess = { clients: AwsClients; region: string } | { missing: string[]; region: string | undefined };

/**
 * Finds the region and credentials the way every SDK client does (environment, shared config and
 * credentials files, SSO, web identity from OIDC, container and instance metadata) and reports
 * everything missing at once instead of failing on the first call.
 *
 * @example
 * const access = await resolveAwsAccess();
 * if ('missing' in access) console.error(access.missing.join('\n'));
 */
export async function resolveAwsAccess(): Promise<AwsAccess> {
  const probe = new STSClient({});
  const missing: string[] = [];
  const region = await probe.config.region().catch(() => undefined);
  if (region === undefined || region === '') missing.push('AWS region: not set (set AWS_REGION, or a region in the AWS profile)');
  const credentials = await probe.config.credentials().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (credentials !== undefined) {
    missing.push(`AWS credentials: none found (${credentials}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or assume a role (OIDC in CI)`);
  }
  probe.destroy();
  if (region === undefined || region === '' || missing.length > 0) return { missing, region: region || undefined };
  return {
    region,
    clients: {
      sts: new STSClient({ region }),
      ecr: new ECRClient({ region }),
      lambda: new LambdaClient({ region }),
      iam: new IAMClient({ region }),
      apigateway: new ApiGatewayV2Client({ region }),
      logs: new CloudWatchLogsClient({ region }),
      scheduler: new SchedulerClient({ region }),
    },
  };
}
