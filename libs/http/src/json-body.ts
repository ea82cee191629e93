import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  BadRequestError,
  PayloadTooLargeError,
  UnprocessableContentError,
  UnsupportedMediaTypeError,
  type FieldError,
} from './errors';
import './english-messages';
import { checkJsonDocument } from './json-document';

/** API Gateway allows 10 MB; our services take at most 1 MiB of JSON. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export interface RawBody {
  headers: Record<string, string | undefined>;
  body: string | undefined;
  isBase64Encoded: boolean;
}

function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

/** Turns zod issues into the problem body's `errors`, with dotted paths such as `files.src/App.tsx`. */
export function toFieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Reads an API Gateway body as JSON and validates it. Checks run cheapest first and before any
 * work: size (413), content type (415), presence and syntax (400), the document rules (nesting
 * depth and `__proto__` keys 400, lone surrogates 422), then the schema (422).
 *
 * @example
 * const input = parseJsonBody(request, TextMessageSchema);
 */
export function parseJsonBody<S extends z.core.$ZodType>(request: RawBody | APIGatewayProxyEventV2, schema: S, maxBytes = MAX_JSON_BODY_BYTES): z.infer<S> {
  return parseJsonText(readJsonText(request, maxBytes), schema);
}

/**
 * The first half of `parseJsonBody`: the size (413) and content-type (415) checks, then the body as
 * text, for callers that must see the exact bytes before parsing (signature verification).
 *
 * @example
 * const payload = readJsonText(request);
 * verifySignature(payload, request.headers);
 * const event = parseJsonText(payload, EventEnvelopeSchema);
 */
export function readJsonText(request: RawBody | APIGatewayProxyEventV2, maxBytes = MAX_JSON_BODY_BYTES): string {
  const raw = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body, request.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > maxBytes) {
    throw new PayloadTooLargeError(`request body is ${raw.byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
  const contentType = request.headers['content-type'];
  if (!isJsonContentType(contentType)) {
    throw new UnsupportedMediaTypeError(
      `content-type must be application/json, got ${contentType === undefined ? 'none' : JSON.stringify(contentType)}`,
    );
  }
  return raw.toString('utf8');
}

/**
 * The second half of `parseJsonBody`: presence and syntax (400), the rules every JSON document
 * follows (nesting depth, no `__proto__` key, well-formed Unicode; see `checkJsonDocument`), then the schema (422).
 *
 * @example
 * const message = parseJsonText('{"text":"hi"}', TextMessageSchema);
 */
export function parseJsonText<S extends z.core.$ZodType>(text: string, schema: S): z.infer<S> {
  if (text.length === 0) throw new BadRequestError('request body is empty; expected a JSON document');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`request body is not valid JSON: ${(error as Error).message}`, {
      type: 'urn:problem-type:malformed-json',
    });
  }
  checkJsonDocument(parsed);
  const result = z.safeParse(schema, parsed);
  if (!result.success) {
    const errors = toFieldErrors(result.error.issues);
    throw new UnprocessableContentError(
      `request body is invalid: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`,
      { errors },
    );
  }
  return result.data;
}

/**
 * Validates query string parameters (API Gateway comma-joins repeated ones) with a schema; failures are 400.
 *
 * @example
 * const { limit, cursor } = parseQuery(request.query, PageQuerySchema);
 */
export function parseQuery<S extends z.core.$ZodType>(query: Record<string, string | undefined>, schema: S): z.infer<S> {
  const result = z.safeParse(schema, query);
  if (result.success) return result.data;
  const errors = toFieldErrors(result.error.issues);
  throw new BadRequestError(
    `query is invalid: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`,
    { errors, type: 'urn:problem-type:invalid-query' },
  );
}
