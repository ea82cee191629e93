import * as z from 'zod';
import { schemaChanges } from './schema-changes';

// Hand-written on purpose. The OpenAPI diff tools that classify breaking changes are Go binaries
// fetched at install time (oasdiff, pb33f's openapi-changes: its npm package downloads one), or read
// only Swagger 2.0 and OpenAPI 3.0 (openapi-diff, @azure/oad). api-smart-diff reads 3.x but is not a
// dependency of this workspace, and its rules for 3.1's JSON Schema (type lists, $defs references)
// are not the ones the CI check promises. This comparer implements exactly those rules, over the
// documents @sm/http/openapi builds, and its tests build both sides from zod declarations.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const SchemaSchema = z.record(z.string(), z.unknown());
const MediaTypesSchema = z.record(z.string(), z.object({ schema: SchemaSchema.optional() }));
const OperationSchema = z.object({
  operationId: z.string().optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z.array(z.object({ name: z.string(), in: z.string(), required: z.boolean().optional(), schema: SchemaSchema.optional() })).optional(),
  requestBody: z.object({ required: z.boolean().optional(), content: MediaTypesSchema, 'x-max-body-bytes': z.number().optional() }).optional(),
  responses: z.record(z.string(), z.object({ content: MediaTypesSchema.optional(), headers: z.record(z.string(), z.unknown()).optional() })),
});
type Operation = z.infer<typeof OperationSchema>;
type Parameter = NonNullable<Operation['parameters']>[number];

/** The parts of an OpenAPI 3.1 document the comparison reads; anything else in it is ignored. */
const ComparedDocumentSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

/**
 * One change of the head document that breaks a client written against the base: the operation it
 * is in (`GET /api/callbacks`, as the base names it) and what changed, readably.
 */
export interface BreakingChange {
  operation: string;
  message: string;
}

interface Located {
  key: string;
  label: string;
  path: string;
  operation: Operation;
}

/** `/api/apps/{name}` and `/api/apps/{appName}` are one route: parameter names are not part of the wire. */
function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`;
}

function operationsOf(document: unknown): Map<string, Located> {
  const { paths } = ComparedDocumentSchema.parse(document);
  const operations = new Map<string, Located>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      if (item[method] === undefined) continue;
      const operation = OperationSchema.parse(item[method]);
      operations.set(routeKey(method, path), { key: routeKey(method, path), label: `${method.toUpperCase()} ${path}`, path, operation });
    }
  }
  return operations;
}

function scopesOf(operation: Operation): string[] | undefined {
  const requirements = operation.security ?? [];
  return requirements.length === 0 ? undefined : requirements.flatMap((requirement) => Object.values(requirement).flat());
}

function securityChanges(base: Operation, head: Operation): string[] {
  const [before, after] = [scopesOf(base), scopesOf(head)];
  if (after === undefined) return [];
  if (before === undefined) return [`now requires a bearer token (scopes ${after.join(', ')})`];
  // API Gateway lets a token through with any one of a route's scopes: a scope taken away shuts its holders out.
  return before.filter((scope) => !after.includes(scope)).map((scope) => `no longer accepts a token with scope \`${scope}\``);
}

function responseChanges(base: Operation, head: Operation): string[] {
  const changes: string[] = [];
  const success = (statuses: string[]) => statuses.filter((status) => status.startsWith('2'));
  const newSuccess = success(Object.keys(head.responses)).filter((status) => base.responses[status] === undefined);
  for (const [status, before] of Object.entries(base.responses)) {
    const after = head.responses[status];
    if (after === undefined) {
      changes.push(status.startsWith('2') && newSuccess.length > 0 ? `success status ${status} changed to ${newSuccess.join(', ')}` : `removed response ${status}`);
      continue;
    }
    for (const header of Object.keys(before.headers ?? {})) {
      if (after.headers?.[header] === undefined) changes.push(`response ${status}: no longer sets the header \`${header}\``);
    }
    for (const [type, media] of Object.entries(before.content ?? {})) {
      const now = after.content?.[type];
      if (now === undefined) {
        changes.push(`response ${status}: no longer ${type}`);
        continue;
      }
      if (media.schema !== undefined && now.schema !== undefined) {
        changes.push(...schemaChanges('response', media.schema, now.schema, 'the body').map((change) => `response ${status} (${type}): ${change}`));
      }
    }
  }
  return changes;
}

/** Path parameters by position (their names may change), the others by place and name. */
function parameterKeys(located: Located): Map<string, Parameter> {
  const pathNames = [...located.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  return new Map(
    (located.operation.parameters ?? []).map((parameter) => [parameter.in === 'path' ? `path #${pathNames.indexOf(parameter.name)}` : `${parameter.in} ${parameter.name}`, parameter]),
  );
}

function requestChanges(base: Located, head: Located): string[] {
  const changes: string[] = [];
  const [before, after] = [parameterKeys(base), parameterKeys(head)];
  for (const [key, parameter] of after) {
    const old = before.get(key);
    const name = `${parameter.in} parameter \`${parameter.name}\``;
    if (parameter.required === true && old?.required !== true) changes.push(old === undefined ? `new required ${name}` : `${name} is now required`);
    if (old?.schema !== undefined && parameter.schema !== undefined) changes.push(...schemaChanges('request', old.schema, parameter.schema, 'its value').map((change) => `${name}: ${change}`));
  }
  const [oldBody, newBody] = [base.operation.requestBody, head.operation.requestBody];
  if (newBody === undefined) return changes;
  if (oldBody === undefined) {
    if (newBody.required === true) changes.push('now requires a request body');
    return changes;
  }
  if (newBody.required === true && oldBody.required !== true) changes.push('the request body is now required');
  const [oldLimit, newLimit] = [oldBody['x-max-body-bytes'], newBody['x-max-body-bytes']];
  if (oldLimit !== undefined && newLimit !== undefined && newLimit < oldLimit) changes.push(`request body limit lowered from ${oldLimit} to ${newLimit} bytes`);
  for (const [type, media] of Object.entries(oldBody.content)) {
    const now = newBody.content[type];
    if (now === undefined) {
      changes.push(`request body: no longer accepts ${type}`);
      continue;
    }
    if (media.schema !== undefined && now.schema !== undefined) {
      changes.push(...schemaChanges('request', media.schema, now.schema, 'the body').map((change) => `request body (${type}): ${change}`));
    }
  }
  return changes;
}

/**
 * Every change from `base` to `head` (two OpenAPI 3.1 documents) that breaks a client of the base:
 * a removed operation; a removed response status or a changed success status; a removed or retyped
 * response field, nested ones included, or one no longer required; a widened response enum; a new
 * required request field or parameter; a retyped request field or a narrowed request enum or limit;
 * a token now required or a scope taken away. A new operation, a new optional request field, a new
 * response field or a widened request enum are compatible and not listed.
 *
 * @example
 * breakingChanges(baseDocument, headDocument);
 * // [{ operation: 'GET /api/callbacks', message: 'response 200 (application/json): removed field `nextCursor`' }]
 */
export function breakingChanges(base: unknown, head: unknown): BreakingChange[] {
  const headOperations = operationsOf(head);
  const changes: BreakingChange[] = [];
  for (const [key, before] of operationsOf(base)) {
    const after = headOperations.get(key);
    const operation = before.label;
    if (after === undefined) {
      changes.push({ operation, message: `removed operation${before.operation.operationId === undefined ? '' : ` (${before.operation.operationId})`}` });
      continue;
    }
    const messages = [...securityChanges(before.operation, after.operation), ...requestChanges(before, after), ...responseChanges(before.operation, after.operation)];
    changes.push(...messages.map((message) => ({ operation, message })));
  }
  return changes;
}

/** One line per change, `GET /api/callbacks: response 200 (application/json): removed field \`nextCursor\``. */
export function formatBreakingChange(change: BreakingChange): string {
  return `${change.operation}: ${change.message}`;
}
