import { AppNameSchema, CreateAppRequestSchema, ProblemSchema, UpdateAppRequestSchema } from './index';

describe('AppNameSchema', () => {
  it.each(['abc', 'my-counter', 'a1b', 'todo-2026', `a${'b'.repeat(38)}c`])('accepts the slug "%s"', (name) => {
    expect(AppNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['ab', 'My-app', '1app', 'app-', '-app', 'my_app', 'my app', 'ünïcode', `a${'b'.repeat(39)}c`])('rejects "%s"', (name) => {
    expect(AppNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('CreateAppRequestSchema', () => {
  it('takes a name alone, or with a template, a title and files', () => {
    expect(CreateAppRequestSchema.parse({ name: 'my-app' })).toEqual({ name: 'my-app' });
    expect(CreateAppRequestSchema.parse({ name: 'my-app', template: 'todo', title: '  Tâches 架构 ', files: { 'src/App.tsx': 'x' } })).toEqual({
      name: 'my-app',
      template: 'todo',
      title: 'Tâches 架构',
      files: { 'src/App.tsx': 'x' },
    });
  });

  it('rejects unknown fields, a blank title and file contents that are not text', () => {
    expect(CreateAppRequestSchema.safeParse({ name: 'my-app', owner: 'me' }).success).toBe(false);
    expect(CreateAppRequestSchema.safeParse({ name: 'my-app', title: '   ' }).success).toBe(false);
    expect(CreateAppRequestSchema.safeParse({ name: 'my-app', files: { 'src/a.ts': 42 } }).success).toBe(false);
  });
});

describe('UpdateAppRequestSchema', () => {
  it('takes any of title and files, and nothing else', () => {
    expect(UpdateAppRequestSchema.parse({})).toEqual({});
    expect(UpdateAppRequestSchema.parse({ title: 'New' })).toEqual({ title: 'New' });
    expect(UpdateAppRequestSchema.safeParse({ name: 'other' }).success).toBe(false);
  });
});

describe('ProblemSchema', () => {
  it('reads field errors and build diagnostics alike', () => {
    const problem = {
      type: 'urn:problem-type:build-failed',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'the app does not compile',
      errors: [{ path: 'name', message: 'bad' }, { file: 'src/App.tsx', line: 3, column: 9, text: 'Unexpected "}"' }],
    };

    expect(ProblemSchema.parse(problem)).toEqual(problem);
  });
});
