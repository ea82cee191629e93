import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { TestRequest, TestResponse } from './test-client';

type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 operation the check reads (@sm/http/openapi writes the whole; its tests import this lib, so this lib does not import it). */
export interface CheckedOperation {
  operationId: string;
  /** A path parameter marked `x-rest-of-path` takes the rest of the path, slashes included (API Gateway's `{proxy+}`). */
  parameters?: Array<{ name: string; in: string; 'x-rest-of-path'?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

/** The parts of an OpenAPI 3.1 document the check reads. */
export interface CheckedDocument {
  paths: Record<string, Record<string, CheckedOperation | undefined>>;
}

/**
 * Checks responses against a service's OpenAPI document: the status is one the operation declares,
 * the media type one it declares for that status (no body where it declares none), and a JSON body
 * is valid against its schema (JSON Schema 2020-12, formats included, with Ajv).
 *
 * @example
 * const check = contractChecker(document);
 * check({ method: 'GET', path: '/api/callbacks/cb_x' }, response); // [] or what is wrong
 */
export type ContractChecker = (request: Pick<TestRequest, 'method' | 'path' | 'api'>, response: TestResponse) => string[];

interface Matcher {
  template: string;
  pattern: RegExp;
  /** Literal characters: of two templates that match, the more literal one is the route (as API Gateway picks the most specific). */
  literal: number;
  greedy: boolean;
}

function matcherOf(template: string, greedy: boolean): Matcher {
  const segments = template.split(/\{[^}]+\}/);
  const parameters = template.match(/\{[^}]+\}/g) ?? [];
  const source = segments
    .map((segment, index) => segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&') + (index < parameters.length ? (greedy && index === parameters.length - 1 && segments[index + 1] === '' ? '(.+)' : '([^/]+)') : ''))
    .join('');
  return { template, pattern: new RegExp(`^${source}/?$`), literal: segments.join('').length, greedy };
}

/**
 * The document's operation for a request, as API Gateway would route it: exact segments first, then
 * a last path parameter marked `x-rest-of-path` (API Gateway's `{proxy+}`) taking the rest of the path.
 */
function operationOf(document: CheckedDocument, method: string, path: string): CheckedOperation | undefined {
  const templates = Object.keys(document.paths);
  for (const greedy of [false, true]) {
    const matches = templates
      .map((template) => matcherOf(template, greedy))
      .filter((matcher) => matcher.pattern.test(path))
      .sort((a, b) => b.literal - a.literal);
    for (const matcher of matches) {
      const found = document.paths[matcher.template]?.[method.toLowerCase()];
      if (found === undefined) continue;
      const last = /\{([^}]+)\}$/.exec(matcher.template)?.[1];
      if (greedy && !found.parameters?.some((parameter) => parameter.in === 'path' && parameter.name === last && parameter['x-rest-of-path'] === true)) continue;
      return found;
    }
  }
  return undefined;
}

/**
 * A checker over one document; each schema is compiled once.
 *
 * @example
 * const check = contractChecker(await (await client({ method: 'GET', path: '/callback-service/openapi.json' })).json);
 */
export function contractChecker(document: CheckedDocument): ContractChecker {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<JsonSchema, ValidateFunction>();
  const validatorOf = (schema: JsonSchema) => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate;
  };

  return ({ method, path, api = 'api' }, response) => {
    if (api !== 'api') return [];
    const pathOnly = path.split('?')[0] ?? path;
    const operation = operationOf(document, method, pathOnly);
    // A route the document does not have is the gateway's or the router's 404/405: nothing to check against.
    if (operation === undefined) return [];
    const where = `${method} ${path} (${operation.operationId})`;
    const declared = operation.responses[String(response.status)] ?? operation.responses.default;
    if (declared === undefined) return [`${where} answered ${response.status}, which it does not declare (it declares ${Object.keys(operation.responses).join(', ')})`];
    const mediaType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (declared.content === undefined) {
      return response.text === '' ? [] : [`${where} answered ${response.status} with a body, which it declares none for`];
    }
    const media = declared.content[mediaType];
    if (media === undefined) return [`${where} answered ${response.status} as "${mediaType}", which it does not declare (it declares ${Object.keys(declared.content).join(', ')})`];
    if (media.schema === undefined) return [];
    if (response.json === undefined) return [`${where} answered ${response.status} as "${mediaType}" with a body that is not JSON`];
    const validate = validatorOf(media.schema);
    if (validate(response.json)) return [];
    return (validate.errors ?? []).map((error) => `${where} answered ${response.status} with a body that breaks its schema: ${error.instancePath || '(body)'} ${error.message ?? 'is not valid'}`);
  };
}
