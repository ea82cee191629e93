import { HealthSchema, ProblemSchema } from '@sm/events';
import * as z from 'zod/mini';
import { MAX_JSON_BODY_BYTES } from './json-body';
import { json, problem, type ContractSchema, type RouteDeclaration, type RouteDeclarations } from './route-contract';

/** A JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/** The OpenAPI 3.1 objects this module writes; a document is plain JSON. */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; 'x-rest-of-path'?: true; schema: JsonSchema }>;
  requestBody?: { required: boolean; description: string; content: Record<string, { schema?: JsonSchema }>; 'x-max-body-bytes': number };
  responses: Record<string, { description: string; content?: Record<string, { schema?: JsonSchema }>; headers?: Record<string, { description: string; schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>>;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
}

/**
 * What API Gateway itself answers with (its JWT authorizer's 401 and 403, its payload limit's 413):
 * `{"message": "Unauthorized"}`, not problem+json.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export const GatewayMessageSchema = z.object({ message: z.string() });

/** API Gateway's cap on an HTTP API request's payload: 10 MB. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const SECURITY_SCHEME = 'jwt';

/**
 * The routes `createService` adds to every service: its health check and this document, both
 * public, both listed in the app's deploy.json.
 *
 * @example
 * const keys = Object.values(serviceRoutes('callback-service')).map((route) => `${route.method} ${route.path}`);
 */
export function serviceRoutes(service: string): RouteDeclarations {
  return {
    getHealth: {
      method: 'GET',
      path: `/${service}/health`,
      authorization: 'none',
      summary: 'Whether the service is up, and which version answers',
      responses: { 200: json('the service answers', HealthSchema) },
    },
    getOpenApiDocument: {
      method: 'GET',
      path: `/${service}/openapi.json`,
      authorization: 'none',
      summary: "This service's OpenAPI 3.1 document",
      responses: { 200: { description: 'the document', content: { 'application/json': undefined } } },
    },
  };
}

/** JSON Schema of a zod schema as a client sends it (`input`: defaults optional) or receives it (`output`). */
function jsonSchema(schema: ContractSchema, io: 'input' | 'output'): JsonSchema {
  // The document's dialect is OpenAPI 3.1's (draft 2020-12), so each schema drops its own `$schema`.
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

/** API Gateway's greedy `{proxy+}` is OpenAPI's `{proxy}`, a parameter that here may hold slashes. */
function openApiPath(path: string): string {
  return path.replace(/\{([^}+]+)\+\}/g, '{$1}');
}

function parameters(route: RouteDeclaration): OpenApiOperation['parameters'] {
  const list: NonNullable<OpenApiOperation['parameters']> = [];
  const declared = (schema: ContractSchema | undefined, place: 'path' | 'query' | 'header') => {
    if (schema === undefined) return;
    const object = jsonSchema(schema, 'input');
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((object.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({ name, in: place, required: place === 'path' || required.has(name), ...(typeof description === 'string' ? { description } : {}), schema: propertySchema });
    }
  };
  declared(route.request?.params, 'path');
  // Path parameters the declaration does not type are strings; a greedy one holds the rest of the path.
  for (const match of route.path.matchAll(/\{([^}]+)\}/g)) {
    const raw = match[1] ?? '';
    const name = raw.replace(/\+$/, '');
    if (list.some((parameter) => parameter.in === 'path' && parameter.name === name)) continue;
    list.push({
      name,
      in: 'path',
      required: true,
      // OpenAPI has no greedy path parameter; the extension tells clients (and the route suites' check) that it takes slashes.
      ...(raw.endsWith('+') ? { description: 'the rest of the path, slashes included', 'x-rest-of-path': true } : {}),
      schema: { type: 'string' },
    });
  }
  declared(route.request?.query, 'query');
  declared(route.request?.headers, 'header');
  return list.length === 0 ? undefined : list;
}

function requestBody(route: RouteDeclaration): OpenApiOperation['requestBody'] {
  const body = route.request?.body;
  if (body === undefined) return undefined;
  const maxBytes = body.maxBytes ?? MAX_JSON_BODY_BYTES;
  return {
    required: true,
    description: `${body.description ?? 'the request body'}; at most ${maxBytes} bytes (413 beyond)`,
    content: { [body.contentType ?? 'application/json']: body.schema === undefined ? {} : { schema: jsonSchema(body.schema, 'input') } },
    'x-max-body-bytes': maxBytes,
  };
}

function mediaTypes(contentBySchema: Readonly<Record<string, ContractSchema | undefined>>): Record<string, { schema?: JsonSchema }> {
  return Object.fromEntries(Object.entries(contentBySchema).map(([type, schema]) => [type, schema === undefined ? {} : { schema: jsonSchema(schema, 'output') }]));
}

/** The statuses every route of a kind may answer besides its own: the authorizer's, the payload limit's, and an unexpected error's. */
function sharedResponses(route: RouteDeclaration): Record<number, OpenApiOperation['responses'][string]> {
  const gatewayOrProblem = (description: string) => ({
    description,
    content: { 'application/json': { schema: jsonSchema(GatewayMessageSchema, 'output') }, 'application/problem+json': { schema: jsonSchema(ProblemSchema, 'output') } },
  });
  const shared: Record<number, OpenApiOperation['responses'][string]> = {};
  if (route.authorization !== 'none') {
    shared[401] = gatewayOrProblem("no valid bearer token: the API's JWT authorizer answers {\"message\"}, the function's own check problem+json");
    shared[403] = gatewayOrProblem('the token holds none of the scopes the route requires');
  }
  if (route.request?.body !== undefined) shared[413] = gatewayOrProblem(`the body is larger than the route reads, or than API Gateway's ${API_GATEWAY_MAX_PAYLOAD_BYTES} bytes`);
  shared[500] = { description: 'an unexpected error, logged with the correlation id the problem names', content: mediaTypes(problem('').content ?? {}) };
  return shared;
}

/**
 * zod writes a recursive schema (a JSON value, say) with `$defs` and `#/$defs/...` references, which
 * resolve against the schema's own resource only when it has an `$id` (JSON Schema 2020-12): inlined in
 * an OpenAPI 3.1 document without one, they point at the document's root, where no `$defs` exist. Each
 * such schema gets an id unique in the document, so the document validates and a lone schema compiles.
 */
function identifyRecursiveSchemas(operation: OpenApiOperation, service: string): OpenApiOperation {
  const identify = (schema: JsonSchema | undefined, where: string) => {
    if (schema?.$defs !== undefined) schema.$id = `urn:${service}:${operation.operationId}:${where}`;
  };
  for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) identify(media.schema, `request:${type}`);
  for (const [status, response] of Object.entries(operation.responses)) {
    for (const [type, media] of Object.entries(response.content ?? {})) identify(media.schema, `response:${status}:${type}`);
  }
  return operation;
}

function operation(operationId: string, route: RouteDeclaration, service: string): OpenApiOperation {
  const own = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]: [string, RouteDeclaration['responses'][number]]) => [
      status,
      {
        description: response.description,
        ...(response.content === undefined ? {} : { content: mediaTypes(response.content) }),
        ...(response.headers === undefined
          ? {}
          : { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }),
      },
    ]),
  );
  const params = parameters(route);
  const body = requestBody(route);
  return {
    operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [service],
    security: route.authorization === 'none' ? [] : [{ [SECURITY_SCHEME]: [...route.authorization.scopes] }],
    ...(params === undefined ? {} : { parameters: params }),
    ...(body === undefined ? {} : { requestBody: body }),
    responses: { ...Object.fromEntries(Object.entries(sharedResponses(route)).map(([status, response]) => [String(status), response])), ...own },
  };
}

/**
 * What a service's OpenAPI document is built from: its name and version, and its routes as declared.
 *
 * @example
 * const options: OpenApiOptions = { service: 'callback-service', version: '1.4.0', routes: callbackApi };
 */
export interface OpenApiOptions {
  service: string;
  version: string;
  routes: RouteDeclarations;
  description?: string;
}

/**
 * A service's OpenAPI 3.1 document, from its route declarations (schemas through zod's own JSON
 * Schema conversion) with the routes every service has: each operation's JWT scopes, the payload
 * limits, and the authorizer's and the limits' refusals beside the route's own statuses. Routes of
 * the `sites` API (the user apps' sites, for browsers) are not part of the service's API.
 *
 * @example
 * const document = buildOpenApiDocument({ service: 'callback-service', version: '1.4.0', routes: callbackApi });
 * document.paths['/api/callbacks/{id}']?.get?.security; // [{ jwt: ['callbacks:read'] }]
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const { service, version } = options;
  const paths: OpenApiDocument['paths'] = {};
  for (const [operationId, route] of Object.entries({ ...options.routes, ...serviceRoutes(service) })) {
    if ((route.api ?? 'api') !== 'api') continue;
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase() as keyof OpenApiDocument['paths'][string];
    paths[path] = { ...paths[path], [method]: identifyRecursiveSchemas(operation(operationId, route, service), service) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: service,
      version,
      description: [
        options.description ?? `The HTTP API of ${service}.`,
        'Errors are RFC 9457 problem+json. Routes with a bearer token are checked by the API\'s JWT authorizer, which refuses with `{"message"}`;',
        `API Gateway caps a request's payload at ${API_GATEWAY_MAX_PAYLOAD_BYTES} bytes and its integration time at 30 s (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).`,
      ].join(' '),
    },
    servers: [{ url: '/', description: "the stage's HTTP API (locally `npm start`'s gateway, http://localhost:3000)" }],
    tags: [{ name: service, description: `the routes of ${service}` }],
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token of the stage's issuer (Amazon Cognito; locally the stack's OpenID provider), verified by the API's JWT authorizer. Scopes are listed as the routes name them; Cognito prefixes them with the resource server's identifier (the app's AUTH_SCOPE_PREFIX).",
        },
      },
    },
  };
}
