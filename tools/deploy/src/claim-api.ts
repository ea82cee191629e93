import { CreateApiCommand, DeleteApiCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CreateLogGroupCommand, OperationAbortedException, ResourceAlreadyExistsException, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { firstCreated } from './http-api';
import type { ClaimApiInput } from './plan';
import { listHttpApis } from './read-http-api';

/** How a deploy that did not create the log group waits for the API its creator makes. */
export const CREATOR_WAIT = { pollMs: 2_000, maxMs: 60_000 };

/**
 * How long after an API is known to exist the deploy lists again before choosing. CreatedDate has
 * one-second precision, so APIs created within the same second tie; waiting longer than that
 * second means every API that ties with a known one was created before the list and is in it.
 */
export const SETTLE_MS = 2_000;

/** What the claim talks to; `sleep` is the clock, virtual in tests. */
export interface ClaimApiDeps {
  apigateway: ApiGatewayV2Client;
  logs: CloudWatchLogsClient;
  sleep: (ms: number) => Promise<void>;
}

/** The stage's API that this deploy uses. */
export interface ClaimedApi {
  id: string;
  endpoint: string;
}

/**
 * Makes sure exactly one API serves the stage when several first deploys run at once, and returns
 * it. CreateLogGroup on the API's access log group elects the creator: log group names are unique
 * per account and region, so of concurrent callers one succeeds and the others get
 * ResourceAlreadyExistsException.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 * The creator creates the API; the others poll GetApis until it appears. Only if none appears within
 * {@link CREATOR_WAIT} (the creator crashed, or the log group was made by hand) does a waiter create
 * it. Whoever created an API lists again after {@link SETTLE_MS}, keeps the first created (earliest
 * CreatedDate, then lowest id) and deletes its own if it was not first.
 *
 * @example
 * const api = await claimHttpApi({ logGroupName, api: { Name, ProtocolType: 'HTTP', Tags } }, { apigateway, logs, sleep });
 */
export async function claimHttpApi(input: ClaimApiInput, deps: ClaimApiDeps): Promise<ClaimedApi> {
  const name = input.api.Name;
  if (await createsLogGroup(input.logGroupName, deps.logs)) return keepFirstCreated(name, await createApi(input, deps.apigateway), deps);
  if (await apiAppears(name, deps)) return keepFirstCreated(name, null, deps);
  return keepFirstCreated(name, await createApi(input, deps.apigateway), deps);
}

async function createsLogGroup(logGroupName: string, logs: CloudWatchLogsClient): Promise<boolean> {
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    return true;
  } catch (error) {
    // The API reference also lists OperationAbortedException, "multiple requests to update the same
    // resource were in conflict": another deploy's CreateLogGroup is under way, so this one lost too.
    if (error instanceof ResourceAlreadyExistsException || error instanceof OperationAbortedException) return false;
    throw error;
  }
}

async function createApi(input: ClaimApiInput, apigateway: ApiGatewayV2Client): Promise<ClaimedApi> {
  const created = await apigateway.send(new CreateApiCommand(input.api));
  if (created.ApiId === undefined || created.ApiEndpoint === undefined) throw new Error('CreateApi answered without an id or endpoint');
  return { id: created.ApiId, endpoint: created.ApiEndpoint };
}

// Lists at once, then every poll interval until the limit: true as soon as an API is listed.
async function apiAppears(name: string, deps: ClaimApiDeps): Promise<boolean> {
  for (let waited = 0; ; waited += CREATOR_WAIT.pollMs) {
    if ((await listHttpApis(deps.apigateway, name)).length > 0) return true;
    if (waited >= CREATOR_WAIT.maxMs) return false;
    await deps.sleep(CREATOR_WAIT.pollMs);
  }
}

/**
 * Every deploy lists at least SETTLE_MS after an API it knows of was created, so it sees every API
 * created in an earlier second or the same one, hence the first; APIs from later seconds never come
 * first. All deploys thus choose the same API, and only APIs that are not chosen are deleted
 * (assuming GetApis shows an API within a second of its creation, which AWS does not state).
 */
async function keepFirstCreated(name: string, ours: ClaimedApi | null, deps: ClaimApiDeps): Promise<ClaimedApi> {
  await deps.sleep(SETTLE_MS);
  const first = firstCreated(await listHttpApis(deps.apigateway, name));
  if (first?.ApiId === undefined) {
    if (ours === null) throw new Error(`GetApis no longer lists the HTTP API ${name}`);
    return ours;
  }
  if (first.ApiId === ours?.id) return ours;
  if (first.ApiEndpoint === undefined) throw new Error(`GetApis answered without the endpoint of ${first.ApiId}`);
  if (ours !== null) await deps.apigateway.send(new DeleteApiCommand({ ApiId: ours.id }));
  return { id: first.ApiId, endpoint: first.ApiEndpoint };
}
