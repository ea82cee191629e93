import { ProblemSchema } from '@sm/events';
import type * as z from 'zod/mini';
import type { HttpMethod, RouteAuthorization } from './http-api';

/** A zod schema (zod/mini or classic: both build on zod's core) that a contract converts to JSON Schema. */
export type ContractSchema = z.core.$ZodType;

/**
 * What a route accepts: its path parameters, query string and headers (each a zod object whose
 * keys are the parameters), and its body with the media type and the byte limit it is read with.
 *
 * @example
 * const request: RequestDeclaration = { query: PageQuerySchema, body: { schema: TextMessageSchema } };
 */
export interface RequestDeclaration {
  params?: ContractSchema;
  query?: ContractSchema;
  headers?: ContractSchema;
  body?: {
    schema?: ContractSchema;
    /** `application/json` when absent. */
    contentType?: string;
    /** The most bytes the route reads; @sm/http's `MAX_JSON_BODY_BYTES` (1 MiB) when absent. */
    maxBytes?: number;
    description?: string;
  };
}

/**
 * One response a route can give: what it means, and its body per media type (a schema for JSON
 * bodies, `undefined` for any other body of that type). No `content` means no body.
 *
 * @example
 * const found: ResponseDeclaration = { description: 'the callback', content: { 'application/json': CallbackRecordSchema } };
 */
export interface ResponseDeclaration {
  description: string;
  content?: Readonly<Record<string, ContractSchema | undefined>>;
  /** Response headers the route sets, by name, with what each says. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * A route's side of the contract, declared next to its handler: method, path, API and authorization
 * (which deploy.json repeats for the gateway), what it accepts, and every status it answers with.
 * The service's OpenAPI document is built from these; the route suites check each response against it.
 *
 * @example
 * const listCallbacks: RouteDeclaration = {
 *   method: 'GET', path: '/api/callbacks', authorization: { scopes: ['callbacks:read'] }, summary: 'List stored callbacks, newest first',
 *   request: { query: PageQuerySchema },
 *   responses: { 200: json('one page of callbacks', pageSchema(CallbackRecordSchema)), 400: problem('the limit or cursor is not valid') },
 * };
 */
export interface RouteDeclaration {
  method: HttpMethod;
  path: `/${string}`;
  api?: 'api' | 'sites';
  authorization: RouteAuthorization;
  summary: string;
  description?: string;
  request?: RequestDeclaration;
  responses: Readonly<Record<number, ResponseDeclaration>>;
}

/**
 * A service's routes by operation id (the key): what `createService`'s `api` option imports and the
 * OpenAPI document lists. Routes spread their declaration beside their handler:
 * `{ ...callbackApi.listCallbacks, handler }`.
 */
export type RouteDeclarations = Readonly<Record<string, RouteDeclaration>>;

/**
 * Declares a service's routes by operation id, keeping each declaration's literal types.
 *
 * @example
 * export const notesApi = declareRoutes({ listNotes: { method: 'GET', path: '/api/notes', authorization: 'none', summary: 'List notes', responses: { 200: json('the notes', NotesSchema) } } });
 */
export function declareRoutes<const Routes extends RouteDeclarations>(routes: Routes): Routes {
  return routes;
}

/**
 * A JSON response.
 *
 * @example
 * const ok = json('the stored callback', CallbackRecordSchema);
 */
export function json(description: string, schema: ContractSchema): ResponseDeclaration {
  return { description, content: { 'application/json': schema } };
}

/**
 * An RFC 9457 problem+json response, the shape every error of every service has.
 *
 * @example
 * const missing = problem('no callback has this id');
 */
export function problem(description: string): ResponseDeclaration {
  return { description, content: { 'application/problem+json': ProblemSchema } };
}

/**
 * A 503 problem+json with `Retry-After`, as @sm/http answers a `ServiceUnavailableError` (a store
 * throttled or down, a full queue): the same request may succeed after that many seconds.
 *
 * @example
 * const busy = unavailable('the store is unavailable for a moment (throttled or down)');
 */
export function unavailable(description: string): ResponseDeclaration {
  return { ...problem(`${description}; send the request again after Retry-After seconds`), headers: { 'retry-after': 'seconds to wait before sending the request again' } };
}

/**
 * A response whose body is not JSON (a page, a script, an image), by its media types.
 *
 * @example
 * const page = content('the console page', ['text/html']);
 */
export function content(description: string, mediaTypes: readonly string[]): ResponseDeclaration {
  return { description, content: Object.fromEntries(mediaTypes.map((type) => [type, undefined])) };
}
