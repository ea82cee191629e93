import { AppEventDataSchema, AppNameSchema, AppProblemSchema, AppSchema, CreateAppRequestSchema, ProblemSchema, UpdateAppRequestSchema } from './index';

describe('AppNameSchema', () => {
  it.each(['abc', 'my-counter', 'a1b', 'todo-2026', `a${'b'.repeat(38)}c`])('accepts the slug "%s"', (name) => {
    expect(AppNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['ab', 'My-app', '1app', 'app-', '-app', 'my_app', 'my app', 'ünïcode', `a${'b'.repeat(39)}c`])('rejects "%s"', (name) => {
    expect(AppNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('AppSchema and AppEventDataSchema', () => {
  const app = {
    name: 'my-app',
    template: 'counter',
    title: 'Mine',
    status: 'ready',
    url: 'https://sites.example.com/my-app/',
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    build: { durationMs: 12, bytes: 3, files: [{ path: 'index.html', bytes: 3 }] },
  };

  it('take the site’s absolute URL, on the sites origin', () => {
    expect(AppSchema.parse(app).url).toBe('https://sites.example.com/my-app/');
    expect(AppEventDataSchema.parse({ name: 'my-app', url: app.url }).url).toBe(app.url);
  });

  it.each(['/apps/my-app/', 'javascript:alert(1)'])('reject %s as a site URL', (url) => {
    expect(AppSchema.safeParse({ ...app, url }).success).toBe(false);
    expect(AppEventDataSchema.safeParse({ name: 'my-app', url }).success).toBe(false);
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

describe('AppProblemSchema', () => {
  const buildFailed = {
    type: 'urn:problem-type:build-failed',
    title: 'Unprocessable Content',
    status: 422,
    detail: 'the app does not build: src/App.tsx:3:9: Unexpected "}"',
    errors: [{ file: 'src/App.tsx', line: 3, column: 9, text: 'Unexpected "}"' }],
  };

  it('reads a build failure’s diagnostics with their file, line and column', () => {
    expect(AppProblemSchema.parse(buildFailed).errors).toEqual([{ file: 'src/App.tsx', line: 3, column: 9, text: 'Unexpected "}"' }]);
  });

  it('refuses a diagnostic without its line, which ProblemSchema alone would take', () => {
    const lineless = { ...buildFailed, errors: [{ file: 'src/App.tsx', column: 9, text: 'Unexpected "}"' }] };

    expect(ProblemSchema.safeParse(lineless).success).toBe(true);
    expect(AppProblemSchema.safeParse(lineless).success).toBe(false);
  });
});
