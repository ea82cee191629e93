import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The caller API Gateway's JWT authorizer verified: the token's `sub`, its scopes and every claim,
 * as strings, the way `requestContext.authorizer.jwt` carries them.
 *
 * @example
 * const owner = request.identity?.sub;
 */
export interface Identity {
  sub: string;
  scopes: readonly string[];
  claims: Readonly<Record<string, string>>;
}

interface JwtAuthorizerContext {
  jwt?: { claims?: Record<string, unknown>; scopes?: readonly string[] | null };
}

/**
 * Reads the verified caller from a payload 2.0 event: `requestContext.authorizer.jwt`, which only
 * API Gateway's JWT authorizer sets (the event of a public route or a Function URL has none).
 * `scopes` is null when the route names none, so the `scope` claim (or `scp`) is read then.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 *
 * @example
 * identityOf(event); // { sub: 'alice', scopes: ['apps:read'], claims: { sub: 'alice', scope: 'apps:read', ... } }
 */
export function identityOf(event: APIGatewayProxyEventV2): Identity | undefined {
  const jwt = (event.requestContext as { authorizer?: JwtAuthorizerContext }).authorizer?.jwt;
  const claims = jwt?.claims;
  if (claims === undefined || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const strings = Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, String(value)]));
  const scopeClaim = strings.scope ?? strings.scp ?? '';
  const scopes = Array.isArray(jwt?.scopes) ? [...jwt.scopes] : scopeClaim.split(' ').filter((scope) => scope !== '');
  return { sub: claims.sub, scopes, claims: strings };
}
