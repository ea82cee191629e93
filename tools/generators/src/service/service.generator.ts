import { join } from 'node:path';
import { generateFiles, getProjects, names, type Tree } from '@nx/devkit';

export interface ServiceGeneratorOptions {
  /** The service's name in kebab-case: its folder under apps/, its Nx project and its Lambda function. */
  name: string;
  /** `METHOD /path` route keys; none means the one example route `POST /api/<name without -service>`. */
  route?: string[];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
const BODY_METHODS: readonly Method[] = ['POST', 'PUT', 'PATCH'];

/** What the templates need to know of one route. */
export interface GeneratedRoute {
  routeKey: string;
  method: Method;
  path: string;
  /** PascalCase of the route (`GET /api/things/{id}` is `GetThingsById`), which names its schemas. */
  operation: string;
  /** camelCase of `operation`: the route's key in api.ts and its operationId in the OpenAPI document. */
  operationId: string;
  /** The one line the OpenAPI document shows for the route. */
  summary: string;
  params: string[];
  hasBody: boolean;
  status: 200 | 201;
  scope: string;
  /** The path with each parameter filled with a sample value, for the tests. */
  samplePath: string;
}

const EVENTS_INDEX = 'libs/events/src/index.ts';
// Kebab-case, and short enough that `<name>-<stage>` stays within Lambda's 64 characters for a function name.
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
const SEGMENT_PATTERN = /^(?:[a-z0-9][a-z0-9-]*|\{[a-zA-Z][a-zA-Z0-9]*\})$/;

/**
 * `nx g @sm/tools:service <name> [--route "POST /api/things"]...`: a service under apps/<name> that
 * passes lint, typecheck, test, build, container and deploy as generated, and that `npm start` serves
 * (the local stack, lint rules and Nx targets derive the list of apps from apps/<name>/deploy.json).
 *
 * @example
 * await serviceGenerator(tree, { name: 'notification-service', route: ['POST /api/notifications'] });
 */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<void> {
  const name = validateName(tree, options.name);
  const resource = name.replace(/(?<=.)-service$/, '');
  const routes = (options.route?.length ? options.route : [`POST /api/${resource}`]).map((routeKey) => parseRoute(routeKey, resource));
  validateRoutes(tree, name, routes);
  const usesBody = routes.some((route) => route.hasBody);
  const values = [...(usesBody ? [maxMessageLengthName(resource)] : []), ...routes.flatMap((route) => exportedSchemas(route).map(([schema]) => schema))];
  const types = routes.flatMap((route) => exportedSchemas(route).map(([, type]) => type));
  validateExports(tree, [...values, ...types]);

  const substitutions = {
    name,
    resource,
    routes,
    pascal: names(name).className,
    camel: names(name).propertyName,
    routesFunction: `${names(resource).propertyName}Routes`,
    apiName: `${names(resource).propertyName}Api`,
    maxMessageLength: maxMessageLengthName(resource),
    eventsImports: (route: GeneratedRoute) => exportedSchemas(route),
    inputExpression,
    importLine,
    scopes: [...new Set(routes.map((route) => route.scope))],
    usesBody,
    sample,
    usesParams: routes.some((route) => route.params.length > 0),
    template: '',
  };
  generateFiles(tree, join(__dirname, 'files/app'), `apps/${name}`, substitutions);
  generateFiles(tree, join(__dirname, 'files/events'), 'libs/events/src', substitutions);
  addEventsExports(tree, name, values, types);
}

/** The value a test puts in a path parameter. */
function sample(param: string): string {
  return `sample-${names(param).fileName}`;
}

function validateName(tree: Tree, name: string): string {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `"${name}" is not a service name: use kebab-case (lower-case letters and digits, words joined by single dashes, starting with a letter), at most ${MAX_NAME_LENGTH} characters, e.g. notification-service.`,
    );
  }
  if (getProjects(tree).has(name)) throw new Error(`A project named "${name}" exists already: choose another name for the service.`);
  if (tree.exists(`apps/${name}`)) throw new Error(`apps/${name} exists already: choose another name for the service.`);
  return name;
}

function parseRoute(routeKey: string, resource: string): GeneratedRoute {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey.trim());
  const method = match?.[1] as Method | undefined;
  const path = match?.[2] ?? '';
  const segments = path.split('/').slice(1);
  if (!method || !METHODS.includes(method) || segments.length === 0 || !segments.every((segment) => SEGMENT_PATTERN.test(segment))) {
    throw new Error(
      `--route "${routeKey}" is not a route: write "METHOD /path" with METHOD one of ${METHODS.join(', ')} and a path of lower-case segments or {parameters}, e.g. "GET /api/things/{id}".`,
    );
  }
  const params = segments.filter((segment) => segment.startsWith('{')).map((segment) => segment.slice(1, -1));
  if (new Set(params).size !== params.length) throw new Error(`--route "${routeKey}" names a path parameter twice.`);
  const named = segments[0] === 'api' && segments.length > 1 ? segments.slice(1) : segments;
  const operation = [
    names(method.toLowerCase()).className,
    ...named.map((segment) => (segment.startsWith('{') ? `By${names(segment.slice(1, -1)).className}` : names(segment).className)),
  ].join('');
  const hasBody = BODY_METHODS.includes(method);
  return {
    routeKey: `${method} ${path}`,
    method,
    path,
    operation,
    operationId: names(operation).propertyName,
    summary: hasBody
      ? 'Accept a message, answered back with when it was received'
      : params.length > 0
        ? 'Answer the path parameters back with when the request was received'
        : 'Answer when the request was received',
    params,
    hasBody,
    status: method === 'POST' ? 201 : 200,
    scope: `${resource}:${method === 'GET' ? 'read' : 'write'}`,
    samplePath: path.replace(/\{([a-zA-Z0-9]+)\}/g, (_whole, param: string) => sample(param)),
  };
}

function validateRoutes(tree: Tree, name: string, routes: GeneratedRoute[]): void {
  const taken = new Map<string, string>([
    [`GET /${name}/health`, `${name}'s own health route`],
    [`GET /health`, 'the health route every service answers'],
  ]);
  for (const [project, config] of getProjects(tree)) {
    const deployFile = `${config.root}/deploy.json`;
    if (!config.root.startsWith('apps/') || !tree.exists(deployFile)) continue;
    const deploy = JSON.parse(tree.read(deployFile, 'utf8') ?? '{}') as { routes?: Array<{ routeKey?: string }> };
    for (const route of deploy.routes ?? []) if (route.routeKey) taken.set(route.routeKey, `${project}'s route in ${deployFile}`);
  }
  const seen = new Set<string>();
  for (const route of routes) {
    // The stage's one HTTP API keeps one route per key, whichever app it reaches.
    const owner = taken.get(route.routeKey);
    if (owner) throw new Error(`--route "${route.routeKey}" is taken: it is ${owner}.`);
    if (seen.has(route.routeKey)) throw new Error(`--route "${route.routeKey}" is given twice.`);
    seen.add(route.routeKey);
  }
}

function maxMessageLengthName(resource: string): string {
  return `MAX_${names(resource).constantName}_MESSAGE_LENGTH`;
}

/** The schemas libs/events exports for a route, with the type each one infers. */
function exportedSchemas(route: GeneratedRoute): Array<[schema: string, type: string]> {
  const kinds = [...(route.params.length > 0 ? ['Params'] : []), ...(route.hasBody ? ['Body'] : []), 'Response'];
  return kinds.map((kind) => [`${route.operation}${kind}Schema`, `${route.operation}${kind}`]);
}

/** What routes.ts passes the domain: the names it gave the route's path parameters and body (see the template). */
function inputExpression(route: GeneratedRoute): string {
  if (route.params.length > 0 && route.hasBody) return '{ ...params, ...input }';
  return route.params.length > 0 ? 'params' : route.hasBody ? 'input' : '{}';
}

function validateExports(tree: Tree, exported: string[]): void {
  const index = tree.read(EVENTS_INDEX, 'utf8') ?? '';
  const clash = exported.find((symbol) => new RegExp(`\\b${symbol}\\b`).test(index));
  if (clash) throw new Error(`libs/events exports ${clash} already: give the service's routes other paths.`);
}

function addEventsExports(tree: Tree, name: string, values: string[], types: string[]): void {
  const index = tree.read(EVENTS_INDEX, 'utf8') ?? '';
  const lines = [exportLine('export', values, name), exportLine('export type', types, name)];
  tree.write(EVENTS_INDEX, `${index}${index.endsWith('\n') || index === '' ? '' : '\n'}${lines.join('\n')}\n`);
}

function exportLine(keyword: string, symbols: string[], file: string): string {
  return statement(keyword, symbols, `./${file}`);
}

function importLine(symbols: string[], from: string): string {
  return statement('import', symbols, from);
}

/** An import or export statement, broken one name a line when it would run past the width the codebase keeps. */
function statement(keyword: string, symbols: string[], from: string): string {
  const line = `${keyword} { ${symbols.join(', ')} } from '${from}';`;
  return line.length <= 140 ? line : `${keyword} {\n${symbols.map((symbol) => `  ${symbol},`).join('\n')}\n} from '${from}';`;
}
