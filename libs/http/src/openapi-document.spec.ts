import Ajv2020 from 'ajv/dist/2020';
import * as z from 'zod/mini';
import { buildOpenApiDocument } from './openapi-document';
import { declareRoutes, json } from './route-contract';

const NoteSchema = z.object({ title: z.string(), data: z.json() });
const routes = declareRoutes({
  putNote: {
    method: 'PUT',
    path: '/api/notes/{id}',
    authorization: 'none',
    summary: 'Store a note',
    request: { body: { schema: NoteSchema } },
    responses: { 200: json('the note', NoteSchema), 201: json('the note, new', NoteSchema) },
  },
});

describe('buildOpenApiDocument with a recursive schema (a JSON value)', () => {
  const document = buildOpenApiDocument({ service: 'notes-service', version: '1.0.0', routes });
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
