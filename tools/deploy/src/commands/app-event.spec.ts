import { join } from 'node:path';
import { readAppDeploy } from '@sm/app-deploy';
import { createLocalGateway, stageHttpApis, CallerForbiddenError, type LambdaFunctionConfig } from '@sm/local-gateway';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import request from 'supertest';
import { appEvent, appScheduledEvent, EventRequestError } from './app-event';

const workspaceRoot = join(__dirname, '../../../..');
const app = 'callback-service';

/** What differs between any two requests: ids, times, the gateway's socket port. */
function withoutPerRequestValues(event: APIGatewayProxyEventV2): unknown {
  const headers = { ...event.headers, 'x-amzn-trace-id': 'per request', 'x-forwarded-port': 'per request' };
  return { ...event, headers, requestContext: { ...event.requestContext, requestId: 'per request', time: 'per request', timeEpoch: 0 } };
}

async function capturedBehindGateway(send: (agent: ReturnType<typeof request>) => request.Test): Promise<APIGatewayProxyEventV2> {
  const events: APIGatewayProxyEventV2[] = [];
  const fn: LambdaFunctionConfig = {
    name: app,
    handler: async (event) => {
      events.push(event);
      return { statusCode: 204 };
    },
  };
  // The public route only: no token reaches the authorizer, whose issuer is never asked.
  const authorizer = { issuer: 'http://127.0.0.1:3000/local-auth', audience: ['dev'] };
  const apis = stageHttpApis([{ fn, routes: readAppDeploy(workspaceRoot, app).routes }], { authorizer });
  await send(request(createLocalGateway({ apis: [apis.api], logger: { info: jest.fn(), error: jest.fn() } }))).expect(204);
  const [event] = events;
  if (!event) throw new Error('the gateway invoked no function');
  return event;
}

describe('nx run <app>:event', () => {
  it('prints the event the local gateway passes to the handler for the same request', async () => {
    // prepare (supertest adds accept-encoding: gzip, deflate)
    const gatewayEvent = await capturedBehindGateway((agent) =>
      agent
        .post('/api/callback?source=docs&source=test')
        .set('Host', '127.0.0.1:3000')
        .set('User-Agent', 'curl/8.5.0')
        .set('Accept', '*/*')
        .set('Content-Type', 'application/json')
        .set('X-Request-Source', 'nx')
        .send('{"text":"hi"}'),
    );

    // act
    const event = appEvent(workspaceRoot, app, { method: 'POST', path: '/api/callback', query: 'source=docs&source=test', body: '{"text":"hi"}', headers: ['X-Request-Source: nx', 'Accept-Encoding: gzip, deflate'] });

    // assess
    expect(withoutPerRequestValues(event)).toEqual(withoutPerRequestValues(gatewayEvent));
  });

  it('passes the route key and path parameters of the matching deploy.json route', () => {
    // act
    const event = appEvent(workspaceRoot, app, { method: 'GET', path: '/api/callbacks/cb_1', headers: [], as: 'alice:callbacks:read' });

    // assess
    expect(event.routeKey).toBe('GET /api/callbacks/{id}');
    expect(event.pathParameters).toEqual({ id: 'cb_1' });
  });

  it('adds the JWT authorizer context for --as, claims as strings and the route scopes the token holds', () => {
    // act
    const event = appEvent(workspaceRoot, app, { method: 'GET', path: '/api/callbacks', headers: [], as: 'alice:callbacks:read,apps:read' });

    // assess
    const { authorizer } = event.requestContext as { authorizer?: { jwt: { claims: Record<string, string>; scopes: string[] | null } } };
    expect(authorizer?.jwt.scopes).toEqual(['callbacks:read', 'apps:read']);
    expect(authorizer?.jwt.claims).toMatchObject({ sub: 'alice', scope: 'callbacks:read apps:read', iat: expect.stringMatching(/^\d+$/) });
  });

  it('base64-encodes a body whose content-type is not text, as HTTP API does', () => {
    // act
    const event = appEvent(workspaceRoot, app, { method: 'POST', path: '/api/callback', body: 'raw', headers: ['content-type: application/octet-stream'] });

    // assess
    expect(event).toMatchObject({ isBase64Encoded: true, body: Buffer.from('raw').toString('base64') });
  });

  it('refuses a caller without any of the route scopes, as the authorizer answers 403', () => {
    // act
    const act = () => appEvent(workspaceRoot, app, { method: 'GET', path: '/api/callbacks', headers: [], as: 'alice:apps:read' });

    // assess
    expect(act).toThrow(CallerForbiddenError);
  });

  it('refuses a request no route of the app matches', () => {
    // act
    const act = () => appEvent(workspaceRoot, app, { method: 'DELETE', path: '/api/callback', headers: [] });

    // assess
    expect(act).toThrow(EventRequestError);
  });
});

describe('nx run <app>:event -- schedule <name>', () => {
  it("prints the event a run of the app's schedule hands its handler, as npm start sends it", () => {
    // act
    const event = appScheduledEvent(workspaceRoot, 'integration-service', 'deliver-due', new Date('2026-01-01T00:01:00.250Z'));

    // assess
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: '2026-01-01T00:01:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/local/integration-service.deliver-due'],
      detail: { schedule: 'deliver-due' },
    });
  });

  it('refuses a schedule the app does not declare, naming those it does', () => {
    // act
    const unknown = () => appScheduledEvent(workspaceRoot, 'integration-service', 'deliver-all');
    const none = () => appScheduledEvent(workspaceRoot, 'callback-service', 'deliver-due');

    // assess
    expect(unknown).toThrow(new EventRequestError('integration-service declares no schedule "deliver-all" in its deploy.json (schedules: deliver-due)'));
    expect(none).toThrow(new EventRequestError('callback-service declares no schedule "deliver-due" in its deploy.json (schedules: none)'));
  });
});
