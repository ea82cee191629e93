import { fromEnvironmentToken } from './plan';

/**
 * The stage's token issuer, from the deploying environment: the JWT authorizer's JwtConfiguration
 * and the prefix of every scope a route requires (Cognito names a resource server's scopes
 * `<identifier>/<scope>`; the apps' deploy.json name them without it).
 */
export interface StageAuth {
  issuer: string;
  audience: string[];
  /** Empty, or ends with `/`; also every function's `AUTH_SCOPE_PREFIX`. */
  scopePrefix: string;
}

/** The deploying environment's variables a {@link StageAuth} comes from. */
export const AUTH_VARIABLES = { issuer: 'AUTH_ISSUER', audience: 'AUTH_AUDIENCE', scopePrefix: 'AUTH_SCOPE_PREFIX' } as const;

/** What a stage's auth settings are, and what is wrong or missing in them. */
export interface StageAuthReading {
  /** Placeholders (`<from $AUTH_ISSUER>`) stand for what is missing, as a dry run prints them. */
  auth: StageAuth;
  problems: string[];
}

/**
 * Reads and checks the stage's auth settings. An app with a `jwt` route needs AUTH_ISSUER and
 * AUTH_AUDIENCE; any value that is set is checked, needed or not.
 *
 * @example
 * readStageAuth({ AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', AUTH_AUDIENCE: 'client1,client2', AUTH_SCOPE_PREFIX: 'serverless-microservices/' }, 'callback-service', true);
 * // { auth: { issuer: 'https://cognito-idp...', audience: ['client1', 'client2'], scopePrefix: 'serverless-microservices/' }, problems: [] }
 */
export function readStageAuth(env: Record<string, string | undefined>, app: string, needed: boolean): StageAuthReading {
  const problems: string[] = [];
  const issuer = env[AUTH_VARIABLES.issuer] ?? '';
  const audienceText = env[AUTH_VARIABLES.audience] ?? '';
  const scopePrefix = env[AUTH_VARIABLES.scopePrefix] ?? '';
  const neededBy = `the stage's JWT authorizer, for the jwt routes of ${app}`;

  if (issuer === '') {
    if (needed) problems.push(`${AUTH_VARIABLES.issuer}: not set in the environment (the token issuer of ${neededBy}, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>)`);
  } else if (!isHttpsUrl(issuer)) {
    // API Gateway fetches the issuer's discovery document and keys over https, and compares `iss` with it exactly.
    problems.push(`${AUTH_VARIABLES.issuer}: ${JSON.stringify(issuer)} is not an https URL without query or fragment`);
  }
  const audience = audienceText.split(',').map((entry) => entry.trim());
  if (audienceText === '') {
    if (needed) problems.push(`${AUTH_VARIABLES.audience}: not set in the environment (the comma-separated app client ids of ${neededBy})`);
  } else if (audience.some((entry) => entry === '' || /\s/.test(entry))) {
    problems.push(`${AUTH_VARIABLES.audience}: ${JSON.stringify(audienceText)} is not a comma-separated list of client ids`);
  }
  if (scopePrefix !== '' && (!scopePrefix.endsWith('/') || /[\s"\\]/.test(scopePrefix))) {
    problems.push(`${AUTH_VARIABLES.scopePrefix}: ${JSON.stringify(scopePrefix)} must be empty or a resource server identifier followed by "/" (e.g. serverless-microservices/)`);
  }
  return {
    auth: {
      issuer: issuer === '' ? fromEnvironmentToken(AUTH_VARIABLES.issuer) : issuer,
      audience: audienceText === '' ? [fromEnvironmentToken(AUTH_VARIABLES.audience)] : audience,
      scopePrefix,
    },
    problems,
  };
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
