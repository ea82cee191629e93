import { randomUUID } from 'node:crypto';
import { deployedScheduleName, HTTP_API_NAMES, readAppDeploy, scheduleArn, scheduledEvent, type AppScheduledEvent } from '@sm/app-deploy';
import { describedRequestEvent, LOCAL_ACCOUNT_ID, LOCAL_REGION, stageHttpApis } from '@sm/local-gateway';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';

/** What `nx run <app>:event` is told: the request, and who calls it. */
export interface AppEventRequest {
  method: string;
  /** The path, percent-encoded as a client sends it; it may carry a query string. */
  path: string;
  body?: string;
  /** `name:value`, as curl's `--header`; they replace the client's defaults of the same name. */
  headers: readonly string[];
  /** A query string (`a=1&b=2`), appended to the path's. */
  query?: string;
  /** `<sub>:<scope,scope>`: the caller whose token the API's JWT authorizer verified. */
  as?: string;
}

/** A request the gateway would not pass to the app: a malformed header or `--as`, or no route matching. */
export class EventRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRequestError';
  }
}

/** Where `npm start` listens by default: the event's Host and the local issuer's origin. */
const LOCAL_ORIGIN = '127.0.0.1:3000';
/** As the local OpenID provider's development tokens last. */
const TOKEN_TTL_SECONDS = 12 * 60 * 60;

/**
 * The payload 2.0 event the local gateway passes to `app`'s function for a request from curl, built
 * by the gateway's own code (describedRequestEvent) over the APIs the stage's deploy makes of the
 * app's deploy.json routes: the services' API first, then the sites API.
 *
 * @example
 * const event = appEvent(workspaceRoot, 'callback-service', { method: 'POST', path: '/api/callback', body: '{"text":"hi"}', headers: [] });
 */
export function appEvent(workspaceRoot: string, app: string, request: AppEventRequest, now = new Date()): APIGatewayProxyEventV2 {
  const { routes } = readAppDeploy(workspaceRoot, app);
  const notInvoked = () => Promise.reject(new Error('the event command invokes no function'));
  const apis = stageHttpApis([{ fn: { name: app, handler: notInvoked }, routes }]);
  const body = Buffer.from(request.body ?? '');
  const described = {
    method: request.method.toUpperCase(),
    target: withQuery(request.path, request.query),
    rawHeaders: clientHeaders(request.headers, body),
    body,
    ...(request.as === undefined ? {} : { caller: callerClaims(request.as, now) }),
  };
  for (const name of HTTP_API_NAMES) {
    const event = describedRequestEvent(apis[name], described, now);
    if (event) return event;
  }
  const known = routes.map((route) => route.routeKey).join(', ');
  throw new EventRequestError(`No route of ${app} matches ${described.method} ${request.path}; the gateway would answer 404 (routes: ${known})`);
}

/**
 * The event one run of `app`'s schedule hands its handler, as `npm start` sends it (the same builder):
 * the schedule's name in `detail.schedule`, a fresh id, `now` as the scheduled time, and the local
 * ARN of the schedule. For running a schedule by hand: pipe it into `nx run <app>:invoke --event=-`.
 *
 * @example
 * const event = appScheduledEvent(workspaceRoot, 'integration-service', 'deliver-due');
 */
export function appScheduledEvent(workspaceRoot: string, app: string, schedule: string, now = new Date()): AppScheduledEvent {
  const { schedules } = readAppDeploy(workspaceRoot, app);
  if (!schedules.some((declared) => declared.name === schedule)) {
    const known = schedules.map((declared) => declared.name).join(', ') || 'none';
    throw new EventRequestError(`${app} declares no schedule ${JSON.stringify(schedule)} in its deploy.json (schedules: ${known})`);
  }
  const target = { account: LOCAL_ACCOUNT_ID, region: LOCAL_REGION };
  return scheduledEvent(schedule, target, { id: randomUUID(), time: now, scheduleArn: scheduleArn(target, 'local', deployedScheduleName(app, schedule)) });
}

function withQuery(path: string, query: string | undefined): string {
  if (query === undefined || query === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query.replace(/^\?/, '')}`;
}

/** What curl sends, with `--header` values over its defaults. */
function clientHeaders(headers: readonly string[], body: Buffer): string[] {
  const sent = new Map<string, [string, string]>([
    ['host', ['Host', LOCAL_ORIGIN]],
    ['user-agent', ['User-Agent', 'curl/8.5.0']],
    ['accept', ['Accept', '*/*']],
  ]);
  if (body.length > 0) sent.set('content-type', ['Content-Type', isJson(body) ? 'application/json' : 'text/plain']);
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new EventRequestError(`--header ${header}: expected name:value`);
    const name = header.slice(0, colon).trim();
    sent.set(name.toLowerCase(), [name, header.slice(colon + 1).trim()]);
  }
  return [...sent.values()].flat();
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Claims shaped like the local OpenID provider's access tokens (Cognito's), for `sub` with `scopes`. */
function callerClaims(as: string, now: Date): JWTPayload {
  const colon = as.indexOf(':');
  const sub = colon < 0 ? as : as.slice(0, colon);
  const scopes = colon < 0 ? [] : as.slice(colon + 1).split(',').map((scope) => scope.trim()).filter(Boolean);
  if (sub === '') throw new EventRequestError(`--as ${as}: expected <sub>:<scope,scope>`);
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub,
    username: sub,
    client_id: 'dev',
    scope: scopes.join(' '),
    token_use: 'access',
    auth_time: iat,
    iss: `http://${LOCAL_ORIGIN}/local-auth`,
    iat,
    exp: iat + TOKEN_TTL_SECONDS,
    jti: randomUUID(),
  };
}
