import { GatewayConfigError } from './gateway-config-error';

/** Which API a request reaches, the path its event carries and the path its routes see. */
export interface MappedRequest<T> {
  api: T;
  /** `rawPath` and `requestContext.http.path`: without the API mapping, with a named stage. */
  eventPath: string;
  /** The path matched against route keys: without the mapping and without the stage. */
  routePath: string;
}

/**
 * Resolves request paths to APIs the way a custom domain's API mappings do: the longest
 * matching base path wins and is removed (payload 2.0's rawPath excludes the mapping); the API
 * without a base path takes the rest, its named stage (if any) being the first path segment,
 * kept in rawPath but not routed on, as on the execute-api endpoint.
 *
 * @example
 * const resolve = createApiMappings([{ basePath: 'callback-service' }, { stage: 'default' }]);
 * resolve('/callback-service/api/x'); // { api: apis[0], eventPath: '/api/x', routePath: '/api/x' }
 * resolve('/default/api/x'); // { api: apis[1], eventPath: '/default/api/x', routePath: '/api/x' }
 */
export function createApiMappings<T extends { basePath?: string; stage?: string }>(
  apis: T[],
): (rawPath: string) => MappedRequest<T> | undefined {
  const mapped = apis.map((api) => ({ api, prefix: prefixOf(api.basePath) }));
  const seen = new Set<string>();
  for (const { prefix } of mapped) {
    if (seen.has(prefix)) throw new GatewayConfigError(`Two APIs share the API mapping "${prefix || '(none)'}"`);
    seen.add(prefix);
  }
  mapped.sort((a, b) => b.prefix.length - a.prefix.length);

  return (rawPath) => {
    for (const { api, prefix } of mapped) {
      if (prefix !== '') {
        const rest = stripPrefix(rawPath, prefix);
        if (rest !== undefined) return { api, eventPath: rest, routePath: rest };
        continue;
      }
      const stage = api.stage ?? '$default';
      if (stage === '$default') return { api, eventPath: rawPath, routePath: rawPath };
      const routePath = stripPrefix(rawPath, `/${stage}`);
      return routePath === undefined ? undefined : { api, eventPath: rawPath, routePath };
    }
    return undefined;
  };
}

function prefixOf(basePath: string | undefined): string {
  const trimmed = (basePath ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

function stripPrefix(path: string, prefix: string): string | undefined {
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}
