import Ajv2020 from 'ajv/dist/2020';
import * as z from 'zod/mini';
import { MAX_JSON_BODY_BYTES } from './json-body';
import { buildOpenApiDocument } from './openapi-document';
import { content, declareRoutes, json, problem } from './route-contract';

const NoteSchema = z.object({ id: z.string(), text: z.string(), pinned: z.optional(z.boolean()) });

const notesApi = declareRoutes({
  createNote: {
    method: 'POST',
    path: '/api/notes',
    authorization: { scopes: ['notes:write'] },
    summary: 'Store a note',
    request: { body: { schema: z.strictObject({ text: z.string(), pinned: z._default(z.boolean(), false) }), maxBytes: 4096 } },
    responses: { 201: json('the stored note', NoteSchema), 422: problem('the note is not valid') },
  },
  listNotes: {
    method: 'GET',
    path: '/api/notes/{owner}',
    authorization: 'none',
    summary: "An owner's notes",
    request: { query: z.object({ limit: z.optional(z.number()) }) },
    responses: { 200: json('the notes', z.array(NoteSchema)) },
  },
  serveSite: { method: 'GET', path: '/{proxy+}', api: 'sites', authorization: 'none', summary: 'A site', responses: { 200: content('a page', ['text/html']) } },
});

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument({ service: 'notes-service', version: '1.2.3', routes: notesApi });

  it('lists each route of the api API under its path and method, with the health and document routes, and not the sites routes', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'notes-service', version: '1.2.3' } });
    expect(Object.keys(document.paths).sort()).toEqual(['/api/notes', '/api/notes/{owner}', '/notes-service/health', '/notes-service/openapi.json']);
    expect(document.paths['/api/notes']?.post?.operationId).toBe('createNote');
  });

  it("gives a jwt route its scopes and the authorizer's refusals, and a public route none", () => {
    const create = document.paths['/api/notes']?.post;
    expect(create?.security).toEqual([{ jwt: ['notes:write'] }]);
    expect(Object.keys(create?.responses ?? {}).sort()).toEqual(['201', '401', '403', '413', '422', '500']);
    expect(Object.keys(create?.responses['401']?.content ?? {})).toEqual(['application/json', 'application/problem+json']);
    expect(document.paths['/api/notes/{owner}']?.get?.security).toEqual([]);
    expect(document.paths['/api/notes/{owner}']?.get?.responses['401']).toBeUndefined();
  });

  it('describes the body as a client sends it (defaults optional) with its byte limit', () => {
    const body = document.paths['/api/notes']?.post?.requestBody;
    expect(body?.['x-max-body-bytes']).toBe(4096);
    expect(body?.content['application/json']?.schema).toEqual({
      type: 'object',
      properties: { text: { type: 'string' }, pinned: { type: 'boolean', default: false } },
      required: ['text'],
      additionalProperties: false,
    });
  });

  it('lists path and query parameters, a path parameter always required', () => {
    expect(document.paths['/api/notes/{owner}']?.get?.parameters).toEqual([
      { name: 'owner', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'number' } },
    ]);
  });

  it('answers problem+json for errors, with the RFC 9457 members required', () => {
    const schema = document.paths['/api/notes']?.post?.responses['422']?.content?.['application/problem+json']?.schema;
    expect(schema).toMatchObject({ type: 'object', required: ['type', 'title', 'status', 'detail'] });
  });

  it('names the default body limit where a route sets none', () => {
    const plain = buildOpenApiDocument({
      service: 'notes-service',
      version: '1',
      routes: { add: { method: 'PUT', path: '/api/x', authorization: 'none', summary: 'x', request: { body: {} }, responses: { 204: { description: 'done' } } } },
    });
    expect(plain.paths['/api/x']?.put?.requestBody?.['x-max-body-bytes']).toBe(MAX_JSON_BODY_BYTES);
    expect(plain.paths['/api/x']?.put?.responses['204']).toEqual({ description: 'done' });
  });
});

const JsonNoteSchema = z.object({ title: z.string(), data: z.json() });
const jsonNotesApi = declareRoutes({
  putNote: {
    method: 'PUT',
    path: '/api/notes/{id}',
    authorization: 'none',
    summary: 'Store a note',
    request: { body: { schema: JsonNoteSchema } },
    responses: { 200: json('the note', JsonNoteSchema), 201: json('the note, new', JsonNoteSchema) },
  },
});

describe('buildOpenApiDocument with a recursive schema (a JSON value)', () => {
  const document = buildOpenApiDocument({ service: 'notes-service', version: '1.0.0', routes: jsonNotesApi });
  const operation = document.paths['/api/notes/{id}']?.put;
  const schemas = [operation?.requestBody?.content['application/json']?.schema, operation?.responses['200']?.content?.['application/json']?.schema, operation?.responses['201']?.content?.['application/json']?.schema];

  it('gives each schema that carries $defs an $id of its own, so its #/$defs references resolve against the schema, not the document', () => {
    expect(schemas.map((schema) => schema?.$id)).toEqual([
      'urn:notes-service:putNote:request:application/json',
      'urn:notes-service:putNote:response:200:application/json',
      'urn:notes-service:putNote:response:201:application/json',
    ]);
  });

  it('leaves schemas without $defs without an id', () => {
    expect(operation?.responses['500']?.content?.['application/problem+json']?.schema?.$id).toBeUndefined();
  });

  it('gives schemas that one validator compiles side by side, and each accepts nested JSON', () => {
    const ajv = new Ajv2020({ strict: false });
    const validators = schemas.map((schema) => ajv.compile(schema ?? {}));

    expect(validators.map((validate) => validate({ title: 'a', data: { list: [1, 'two', { three: null }] } }))).toEqual([true, true, true]);
    expect(validators.map((validate) => validate({ title: 'a', data: { value: undefined, fn: () => 1 } }))).toEqual([false, false, false]);
  });
});
