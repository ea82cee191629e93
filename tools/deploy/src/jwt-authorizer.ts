import type { AppRoute } from '@sm/app-deploy';
import type { ExistingAuthorizer, HttpApiState, RouteAuthorization } from './http-api';
import { API_TOKENS, AUTHORIZER_ID, type PlanStep } from './plan';
import type { StageAuth } from './stage-auth';

/** The name of the stage API's one JWT authorizer; the deploy finds it by this name. */
export const AUTHORIZER_NAME = 'jwt';

// API Gateway reads the token from this header, with or without the `Bearer ` prefix.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
const IDENTITY_SOURCE = '$request.header.Authorization';

/**
 * The API's JWT authorizer, found by {@link AUTHORIZER_NAME}.
 *
 * @example
 * stageAuthorizer(httpApi)?.id; // 'au1b2c3'
 */
export function stageAuthorizer(httpApi: HttpApiState): ExistingAuthorizer | undefined {
  return httpApi.api?.authorizers.find((authorizer) => authorizer.name === AUTHORIZER_NAME);
}

/**
 * Makes sure the stage's API has its one JWT authorizer with the stage's issuer and audience:
 * CreateAuthorizer when there is none, UpdateAuthorizer when its type, identity source, issuer or
 * audience differ. Also answers the id routes use (a token until CreateAuthorizer runs).
 *
 * @example
 * const { steps, authorizerId } = planAuthorizer(httpApi, auth);
 */
export function planAuthorizer(httpApi: HttpApiState, auth: StageAuth): { steps: PlanStep[]; authorizerId: string } {
  const ApiId = httpApi.api?.id ?? API_TOKENS[httpApi.kind].id;
  const wanted = { AuthorizerType: 'JWT' as const, Name: AUTHORIZER_NAME, IdentitySource: [IDENTITY_SOURCE], JwtConfiguration: { Issuer: auth.issuer, Audience: auth.audience } };
  const existing = stageAuthorizer(httpApi);
  if (existing === undefined) {
    return { steps: [{ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateAuthorizer', input: { ApiId, ...wanted } }, idToken: AUTHORIZER_ID }], authorizerId: AUTHORIZER_ID };
  }
  const same =
    existing.type === 'JWT' &&
    existing.identitySource.join(',') === IDENTITY_SOURCE &&
    existing.jwt?.issuer === auth.issuer &&
    [...existing.jwt.audience].sort().join(',') === [...auth.audience].sort().join(',');
  const steps: PlanStep[] = same ? [] : [{ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'UpdateAuthorizer', input: { ApiId, AuthorizerId: existing.id, ...wanted } } }];
  return { steps, authorizerId: existing.id };
}

/**
 * A deploy.json route's authorization on the API: `jwt` through the authorizer, each scope with the
 * stage's prefix (Cognito's `<resource server>/<scope>`), or `NONE`.
 *
 * @example
 * routeAuthorization({ routeKey: 'GET /api/callbacks', api: 'api', authorization: 'jwt', scopes: ['callbacks:read'] }, 'au1', 'serverless-microservices/');
 * // { AuthorizationType: 'JWT', AuthorizerId: 'au1', AuthorizationScopes: ['serverless-microservices/callbacks:read'] }
 */
export function routeAuthorization(route: AppRoute, authorizerId: string, scopePrefix: string): RouteAuthorization {
  if (route.authorization === 'none') return { AuthorizationType: 'NONE', AuthorizationScopes: [] };
  return { AuthorizationType: 'JWT', AuthorizerId: authorizerId, AuthorizationScopes: route.scopes.map((scope) => `${scopePrefix}${scope}`) };
}
