import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// `api-compat` end to end, in a throwaway git copy of what the document of callback-service is built
// from (the app, the libs, this tool, the root configs; this node_modules linked in): each test makes
// one commit and compares HEAD with HEAD~1, as the target does in CI.
const workspaceRoot = join(__dirname, '../../..');
const COPIED = ['apps/callback-service/', 'libs/', 'tools/openapi/', 'tsconfig.base.json', 'nx.json', 'package.json', '.gitignore'];
const API = 'apps/callback-service/src/api.ts';
let repo = '';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

function commit(message: string): void {
  git('add', '-A');
  git('-c', 'user.name=api-compat-test', '-c', 'user.email=api-compat-test@example.invalid', 'commit', '-q', '--no-verify', '-m', message);
}

function edit(file: string, from: string, to: string): void {
  const source = readFileSync(join(repo, file), 'utf8');
  if (!source.includes(from)) throw new Error(`${file} no longer has ${from}`);
  writeFileSync(join(repo, file), source.replace(from, to));
}

/** The target's command, as Nx runs it in the copy. */
function apiCompat(env: Record<string, string> = {}): { status: number | null; output: string } {
  // A parent Nx or a CI job may have set these; the copy's runs must not inherit them.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_') && name !== 'BREAKING_CHANGE_INTENDED'));
  const run = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'tools/openapi/src/api-compat.ts', 'callback-service', '--base=HEAD~1'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'api-compat-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, encoding: 'utf8' });
  for (const file of listed.split('\0').filter((path) => COPIED.some((prefix) => path.startsWith(prefix)) && existsSync(join(workspaceRoot, path)))) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    copyFileSync(join(workspaceRoot, file), join(repo, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(repo, 'node_modules'), 'dir');
  git('init', '-q', '-b', 'main');
  // The first commit predates the app's declarations, the second adds them.
  const api = readFileSync(join(repo, API), 'utf8');
  rmSync(join(repo, API));
  commit('the workspace before callback-service declared its routes');
  writeFileSync(join(repo, API), api);
  commit('callback-service declares its routes');
}, 60_000);

afterAll(() => {
  if (repo !== '') rmSync(repo, { recursive: true, force: true });
});

describe('api-compat in a throwaway git copy', () => {
  it('has nothing to compare when the base has no api.ts', () => {
    const { status, output } = apiCompat();

    expect(output).toContain('callback-service: nothing to compare: HEAD~1');
    expect(output).toContain('has no apps/callback-service/src/api.ts');
    expect(status).toBe(0);
  }, 60_000);

  it('fails on a removed response field and lists it, unless BREAKING_CHANGE_INTENDED=true', () => {
    // prepare
    edit('libs/events/src/callback.ts', '  duplicate: z.boolean(),\n', '');
    commit('Stop saying whether a callback is a duplicate');

    // act
    const refused = apiCompat();
    const intended = apiCompat({ BREAKING_CHANGE_INTENDED: 'true' });

    // assess
    expect(refused.output).toContain('callback-service: 4 breaking changes against HEAD~1');
    expect(refused.output).toContain('GET /api/callbacks/{id}: response 200 (application/json): removed field `duplicate`');
    expect(refused.output).toContain('GET /api/callbacks: response 200 (application/json): removed field `items[].duplicate`');
    expect(refused.output).toContain('label the pull request breaking-change or add the line "Breaking-Change: intended"');
    expect(refused.status).toBe(1);
    expect(intended.output).toContain('the breaking changes are intended: BREAKING_CHANGE_INTENDED=true');
    expect(intended.status).toBe(0);
  }, 60_000);

  it('passes a compatible change: a new optional request field', () => {
    // prepare
    edit('libs/events/src/callback.ts', 'z.strictObject({ text: CallbackTextSchema })', 'z.strictObject({ text: CallbackTextSchema, note: z.optional(z.string()) })');
    commit('Accept a note with a plain callback');

    // act
    const { status, output } = apiCompat();

    // assess
    expect(output).toContain('callback-service: no breaking change against HEAD~1');
    expect(status).toBe(0);
  }, 60_000);

  it('passes a breaking change whose commit has the trailer Breaking-Change: intended, naming it', () => {
    // prepare
    edit(API, "      404: problem('no callback has this id'),\n", '');
    commit('Answer an unknown callback id as the gateway does\n\nBreaking-Change: intended');

    // act
    const { status, output } = apiCompat();

    // assess
    expect(output).toContain('GET /api/callbacks/{id}: removed response 404');
    expect(output).toMatch(/the breaking changes are intended: commit [0-9a-f]+ \("Answer an unknown callback id as the gateway does"\) has the trailer Breaking-Change: intended/);
    expect(status).toBe(0);
  }, 60_000);
});
