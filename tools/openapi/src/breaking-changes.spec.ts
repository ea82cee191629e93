import { buildOpenApiDocument, declareRoutes, json, problem, type RouteDeclarations } from '@sm/http/openapi';
import * as z from 'zod';
import { breakingChanges, formatBreakingChange } from './breaking-changes';

// Both sides are real documents, built by @sm/http/openapi from zod declarations the way a service builds its own.
const Tag = z.object({ name: z.string(), color: z.enum(['red', 'blue']) });
const Note = z.object({ id: z.string(), title: z.string(), tags: z.array(Tag), data: z.json(), archivedAt: z.string().nullable() });
const NewNote = z.object({ title: z.string().max(200), kind: z.enum(['memo', 'todo']) });

function notesApi(changes: { note?: z.ZodType; newNote?: z.ZodType; query?: z.ZodType; scopes?: string[]; responses?: RouteDeclarations[string]['responses'] } = {}) {
  return declareRoutes({
    listNotes: {
      method: 'GET',
      path: '/api/notes',
      authorization: { scopes: changes.scopes ?? ['notes:read', 'notes:admin'] },
      summary: 'List notes',
      request: { query: changes.query ?? z.object({ limit: z.optional(z.coerce.number().int().min(1).max(100)) }) },
      responses: { 200: json('the notes', z.object({ items: z.array(changes.note ?? Note), nextCursor: z.string().nullable() })) },
    },
    createNote: {
      method: 'POST',
      path: '/api/notes',
      authorization: 'none',
      summary: 'Create a note',
      request: { body: { schema: changes.newNote ?? NewNote } },
      responses: changes.responses ?? { 201: json('the note', changes.note ?? Note), 409: problem('a note has this title'), 422: problem('not a note') },
    },
    getNote: {
      method: 'GET',
      path: '/api/notes/{id}',
      authorization: 'none',
      summary: 'One note',
      responses: { 200: json('the note', changes.note ?? Note), 404: problem('no such note') },
    },
  });
}

const documentOf = (routes: RouteDeclarations) => buildOpenApiDocument({ service: 'notes-service', version: '1.0.0', routes });
const base = documentOf(notesApi());
const lines = (routes: RouteDeclarations) => breakingChanges(base, documentOf(routes)).map(formatBreakingChange);

describe('breakingChanges', () => {
  it('lists nothing between a document and itself, recursive schemas included', () => {
    expect(breakingChanges(base, documentOf(notesApi()))).toEqual([]);
  });

  it('lists a removed operation', () => {
    const withoutGetNote = Object.fromEntries(Object.entries(notesApi()).filter(([operationId]) => operationId !== 'getNote'));

    expect(lines(withoutGetNote)).toEqual(['GET /api/notes/{id}: removed operation (getNote)']);
  });

  it('lists a removed response status', () => {
    const responses = { 201: json('the note', Note), 422: problem('not a note') };

    expect(lines(notesApi({ responses }))).toEqual(['POST /api/notes: removed response 409']);
  });

  it('lists a changed success status', () => {
    const responses = { 200: json('the note', Note), 409: problem('a note has this title'), 422: problem('not a note') };

    expect(lines(notesApi({ responses }))).toEqual(['POST /api/notes: success status 201 changed to 200']);
  });

  it('lists a removed response field, in every response that had it', () => {
    const note = Note.omit({ title: true });

    expect(lines(notesApi({ note }))).toEqual([
      'GET /api/notes: response 200 (application/json): removed field `items[].title`',
      'POST /api/notes: response 201 (application/json): removed field `title`',
      'GET /api/notes/{id}: response 200 (application/json): removed field `title`',
    ]);
  });

  it('lists a removed nested response field', () => {
    const note = Note.extend({ tags: z.array(Tag.omit({ color: true })) });

    expect(lines(notesApi({ note }))).toContain('GET /api/notes/{id}: response 200 (application/json): removed field `tags[].color`');
  });

  it('lists a retyped response field', () => {
    const note = Note.extend({ id: z.number() });

    expect(lines(notesApi({ note }))).toContain('GET /api/notes/{id}: response 200 (application/json): field `id` retyped from string to number');
  });

  it('lists a response field that may now be null', () => {
    const note = Note.extend({ title: z.string().nullable() });

    expect(lines(notesApi({ note }))).toContain('GET /api/notes/{id}: response 200 (application/json): field `title` may now be null');
  });

  it('lists a response field that is no longer required', () => {
    const note = Note.extend({ title: z.string().optional() });

    expect(lines(notesApi({ note }))).toContain('GET /api/notes/{id}: response 200 (application/json): field `title` is no longer required');
  });

  it('lists a widened response enum', () => {
    const note = Note.extend({ tags: z.array(Tag.extend({ color: z.enum(['red', 'blue', 'green']) })) });

    expect(lines(notesApi({ note }))).toContain('GET /api/notes/{id}: response 200 (application/json): field `tags[].color`: enum widened, may now be "green"');
  });

  it('lists a new required request field', () => {
    const newNote = NewNote.extend({ owner: z.string() });

    expect(lines(notesApi({ newNote }))).toEqual(['POST /api/notes: request body (application/json): new required field `owner`']);
  });

  it('lists a new required query parameter', () => {
    const query = z.object({ limit: z.optional(z.coerce.number().int().min(1).max(100)), folder: z.string() });

    expect(lines(notesApi({ query }))).toEqual(['GET /api/notes: new required query parameter `folder`']);
  });

  it('lists a narrowed request enum', () => {
    const newNote = NewNote.extend({ kind: z.enum(['memo']) });

    expect(lines(notesApi({ newNote }))).toEqual(['POST /api/notes: request body (application/json): field `kind`: enum narrowed, no longer accepts "todo"']);
  });

  it('lists a retyped request field', () => {
    const newNote = NewNote.extend({ title: z.number() });

    expect(lines(notesApi({ newNote }))).toEqual(['POST /api/notes: request body (application/json): field `title` retyped from string to number']);
  });

  it('lists a lowered request limit', () => {
    const newNote = NewNote.extend({ title: z.string().max(100) });

    expect(lines(notesApi({ newNote }))).toEqual(['POST /api/notes: request body (application/json): field `title` narrowed: maxLength 200 → 100']);
  });

  it('lists a scope a route no longer accepts', () => {
    expect(lines(notesApi({ scopes: ['notes:admin'] }))).toEqual(['GET /api/notes: no longer accepts a token with scope `notes:read`']);
  });

  describe('does not list compatible changes', () => {
    it('a new optional request field', () => {
      expect(lines(notesApi({ newNote: NewNote.extend({ color: z.string().optional() }) }))).toEqual([]);
    });

    it('a new response field', () => {
      expect(lines(notesApi({ note: Note.extend({ pinned: z.boolean() }) }))).toEqual([]);
    });

    it('a new operation', () => {
      const routes = { ...notesApi(), deleteNote: { method: 'DELETE', path: '/api/notes/{id}', authorization: 'none', summary: 'Delete a note', responses: { 204: { description: 'deleted' } } } } as const;

      expect(lines(routes)).toEqual([]);
    });

    it('a widened request enum', () => {
      expect(lines(notesApi({ newNote: NewNote.extend({ kind: z.enum(['memo', 'todo', 'list']) }) }))).toEqual([]);
    });

    it('a raised request limit, a scope added, a response field made required', () => {
      const routes = notesApi({ newNote: NewNote.extend({ title: z.string().max(500) }), scopes: ['notes:read', 'notes:admin', 'notes:all'], note: Note.extend({ archivedAt: z.string() }) });

      expect(lines(routes)).toEqual([]);
    });
  });
});
