import { GatewayConfigError } from './gateway-config-error';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const PARAM = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

type Segment = { kind: 'literal'; value: string } | { kind: 'param' | 'greedy'; name: string };

interface ParsedRoute<T> {
  routeKey: string;
  /** Undefined for `$default`. */
  method?: string;
  segments: Segment[];
  target: T;
}

/** The route API Gateway picked for a request, with its decoded path parameters. */
export interface RouteMatch<T> {
  routeKey: string;
  target: T;
  pathParameters?: Record<string, string>;
}

/** Matches requests to the routes of one HTTP API the way API Gateway does. */
export interface RouteTable<T> {
  /** `path` is decoded (see {@link decodePath}), as API Gateway routes it. */
  match(method: string, path: string): RouteMatch<T> | undefined;
}

/**
 * Parses route keys (throwing on invalid or conflicting ones) into a table that picks, like
 * API Gateway, a full match before a greedy `{proxy+}` match before `$default`; among those the
 * most specific path (literal before `{param}` before `{proxy+}`, segment by segment), then the
 * exact method before `ANY`.
 *
 * @example
 * const table = createRouteTable([{ routeKey: 'GET /pets/{id}', target: 'pets' }]);
 * table.match('GET', '/pets/6'); // { routeKey: 'GET /pets/{id}', target: 'pets', pathParameters: { id: '6' } }
 */
export function createRouteTable<T>(routes: Array<{ routeKey: string; target: T }>): RouteTable<T> {
  const parsed = routes.map(({ routeKey, target }) => parseRouteKey(routeKey, target));
  rejectConflicts(parsed);
  return {
    match(method, path) {
      const segments = path === '/' ? [] : path.split('/').slice(1);
      const candidates: Array<{ route: ParsedRoute<T>; rank: number[]; pathParameters: Record<string, string> }> = [];
      for (const route of parsed) {
        if (route.method !== undefined && route.method !== 'ANY' && route.method !== method) continue;
        const pathParameters = route.method === undefined ? {} : matchSegments(route.segments, segments);
        if (pathParameters) candidates.push({ route, rank: rankOf(route), pathParameters });
      }
      candidates.sort((a, b) => compareRanks(a.rank, b.rank));
      const best = candidates[0];
      if (!best) return undefined;
      const hasParams = best.route.segments.some((segment) => segment.kind !== 'literal');
      return {
        routeKey: best.route.routeKey,
        target: best.route.target,
        ...(hasParams ? { pathParameters: best.pathParameters } : {}),
      };
    },
  };
}

function parseRouteKey<T>(routeKey: string, target: T): ParsedRoute<T> {
  if (routeKey === '$default') return { routeKey, segments: [], target };
  const invalid = (reason: string) => new GatewayConfigError(`Invalid route key "${routeKey}": ${reason}`);
  const [method = '', path = '', ...rest] = routeKey.split(' ');
  if (!METHODS.includes(method) || rest.length > 0) {
    throw invalid(`expected "$default" or "<${METHODS.join('|')}> /path"`);
  }
  if (!path.startsWith('/')) throw invalid('the path must start with "/"');
  const segments = path === '/' ? [] : path.slice(1).split('/').map((raw) => parseSegment(raw, invalid));
  const names = segments.flatMap((segment) => (segment.kind === 'literal' ? [] : [segment.name]));
  if (new Set(names).size !== names.length) throw invalid('a path variable name is used twice');
  if (segments.slice(0, -1).some((segment) => segment.kind === 'greedy')) {
    throw invalid('a greedy path variable must be the last segment');
  }
  return { routeKey, method, segments, target };
}

function parseSegment(raw: string, invalid: (reason: string) => Error): Segment {
  if (raw === '') throw invalid('empty path segment');
  const param = PARAM.exec(raw);
  if (param) return { kind: param[2] ? 'greedy' : 'param', name: param[1] ?? '' };
  if (/[{}]/.test(raw)) throw invalid(`malformed path variable "${raw}"`);
  return { kind: 'literal', value: raw };
}

/** Routes differing only in variable names would match the same requests; API Gateway refuses them too. */
function rejectConflicts<T>(routes: Array<ParsedRoute<T>>): void {
  const seen = new Map<string, string>();
  for (const route of routes) {
    const shape = `${route.method ?? '$default'} ${route.segments.map(shapeOf).join('/')}`;
    const earlier = seen.get(shape);
    if (earlier !== undefined) {
      throw new GatewayConfigError(`Duplicate route key "${route.routeKey}" conflicts with "${earlier}"`);
    }
    seen.set(shape, route.routeKey);
  }
}

function shapeOf(segment: Segment): string {
  if (segment.kind === 'literal') return `=${segment.value}`;
  return segment.kind === 'param' ? '{}' : '{+}';
}

function matchSegments(route: Segment[], request: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of route.entries()) {
    if (segment.kind === 'greedy') {
      const rest = request.slice(index);
      if (rest.length === 0) return undefined;
      params[segment.name] = rest.join('/');
      return params;
    }
    const raw = request[index];
    if (raw === undefined || raw === '') return undefined;
    if (segment.kind === 'literal' && raw !== segment.value) return undefined;
    if (segment.kind === 'param') params[segment.name] = raw;
  }
  return route.length === request.length ? params : undefined;
}

/**
 * Lower is better: [tier (full, greedy, $default), each segment's kind, method (exact, ANY)].
 * Candidates of one tier that reach the method position have the same length, so it never
 * compares a method with a segment.
 */
function rankOf<T>(route: ParsedRoute<T>): number[] {
  if (route.method === undefined) return [2];
  const kinds = route.segments.map((segment) => ['literal', 'param', 'greedy'].indexOf(segment.kind));
  const tier = route.segments.some((segment) => segment.kind === 'greedy') ? 1 : 0;
  return [tier, ...kinds, route.method === 'ANY' ? 1 : 0];
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The request path as HTTP API routes it and passes it on (`rawPath`, `requestContext.http.path`
 * and so the path parameters): percent-decoded, `%2F` included, so `/a%2Fb` is `/a/b`. AWS does not
 * document it; live events show it (fastify/aws-lambda-fastify#169: `/a%2Fb` arrives as rawPath
 * `/a/b`; honojs/hono#2156: `%40`, `%2F` and `%23` arrive decoded). A malformed escape stays as received.
 *
 * @example
 * decodePath('/files/a%20b%2Fc'); // '/files/a b/c'
 */
export function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}
