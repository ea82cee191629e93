import type { TestResponse } from './test-client';

/**
 * What a transport answers to a request its authorization refuses (401 without a valid token, 403
 * without the route's scope), as a shape for `toMatchObject`. Suites over several transports pick
 * the one that sits in front of the handler.
 *
 * @example
 * expect(await client({ method: 'GET', path: '/api/callbacks' })).toMatchObject(authorizerRefusal(401));
 */
export type Refusal = (status: 401 | 403) => Partial<Record<keyof TestResponse, unknown>>;

/**
 * The API's JWT authorizer (the local gateway, as API Gateway): `{"message":...}` and a
 * `www-authenticate` challenge; `Bearer` alone when no token was sent.
 *
 * @example
 * expect(response).toMatchObject(authorizerRefusal(403));
 */
export const authorizerRefusal: Refusal = (status) => ({
  status,
  headers: expect.objectContaining({
    'content-type': 'application/json',
    'www-authenticate': status === 401 ? 'Bearer' : expect.stringContaining('error="insufficient_scope"'),
  }),
  json: { message: status === 401 ? 'Unauthorized' : 'Forbidden' },
});

/**
 * libs/http's own check behind the authorizer (a handler reached directly): problem+json.
 *
 * @example
 * expect(response).toMatchObject(handlerRefusal(401));
 */
export const handlerRefusal: Refusal = (status) => ({
  status,
  headers: expect.objectContaining({ 'content-type': 'application/problem+json' }),
  json: expect.objectContaining({ status }),
});
