import { contractChecker, type CheckedDocument } from './contract-check';
import type { TestResponse } from './test-client';

const document: CheckedDocument = {
  paths: {
    '/api/notes/{id}': {
      get: {
        operationId: 'getNote',
        responses: {
          '200': { content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } }, required: ['id'] } } } },
          '404': { content: { 'application/problem+json': {} } },
        },
      },
      delete: { operationId: 'deleteNote', responses: { '204': {} } },
    },
    '/api/notes/{id}/source': { get: { operationId: 'getSource', responses: { '200': { content: { 'text/plain': {} } } } } },
    '/files/{proxy}': {
      get: { operationId: 'getFile', parameters: [{ name: 'proxy', in: 'path', 'x-rest-of-path': true }], responses: { '200': { content: { 'text/html': {} } } } },
    },
  },
};

function response(status: number, contentType: string, body: unknown): TestResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: contentType === '' ? {} : { 'content-type': contentType }, text, json: typeof body === 'string' ? undefined : body };
}

describe('contractChecker', () => {
  const check = contractChecker(document);

  it('accepts a response the document declares', () => {
    expect(check({ method: 'GET', path: '/api/notes/n1?x=1' }, response(200, 'application/json; charset=utf-8', { id: 'n1', at: '2026-12-02T10:00:00Z' }))).toEqual([]);
    expect(check({ method: 'DELETE', path: '/api/notes/n1' }, response(204, '', ''))).toEqual([]);
  });

  it('names an undeclared status', () => {
    expect(check({ method: 'GET', path: '/api/notes/n1' }, response(201, 'application/json', { id: 'n1' }))).toEqual([
      'GET /api/notes/n1 (getNote) answered 201, which it does not declare (it declares 200, 404)',
    ]);
  });

  it('names an undeclared media type, and a body where none is declared', () => {
    expect(check({ method: 'GET', path: '/api/notes/n1' }, response(404, 'application/json', { message: 'Not Found' }))).toEqual([
      'GET /api/notes/n1 (getNote) answered 404 as "application/json", which it does not declare (it declares application/problem+json)',
    ]);
    expect(check({ method: 'DELETE', path: '/api/notes/n1' }, response(204, 'application/json', {}))).toHaveLength(1);
  });

  it('names each way a body breaks its schema, formats included', () => {
    expect(check({ method: 'GET', path: '/api/notes/n1' }, response(200, 'application/json', { id: 7, at: 'yesterday' }))).toEqual([
      'GET /api/notes/n1 (getNote) answered 200 with a body that breaks its schema: /id must be string',
      'GET /api/notes/n1 (getNote) answered 200 with a body that breaks its schema: /at must match format "date-time"',
    ]);
  });

  it('routes to the most literal path first, then lets a last parameter take the rest of the path', () => {
    expect(check({ method: 'GET', path: '/api/notes/n1/source' }, response(200, 'text/plain', 'source'))).toEqual([]);
    expect(check({ method: 'GET', path: '/files/a/b/index.html' }, response(200, 'text/html', '<p>'))).toEqual([]);
  });

  it('leaves alone what the document does not describe: other paths and methods, and the sites API', () => {
    expect(check({ method: 'GET', path: '/api/unknown' }, response(404, 'application/json', { message: 'Not Found' }))).toEqual([]);
    expect(check({ method: 'PUT', path: '/api/notes/n1' }, response(405, 'application/problem+json', {}))).toEqual([]);
    // {id} is one segment: /api/notes/n1/extra is no note's path, whatever the router answers.
    expect(check({ method: 'DELETE', path: '/api/notes/n1/extra' }, response(405, 'application/problem+json', {}))).toEqual([]);
    expect(check({ method: 'GET', path: '/api/notes/n1', api: 'sites' }, response(500, 'text/html', 'x'))).toEqual([]);
  });
});
