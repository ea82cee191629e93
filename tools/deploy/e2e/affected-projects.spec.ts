import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as z from 'zod';

// What the deploy pipeline's matrix rests on: `nx show projects --affected` between two commits of
// a throwaway copy of this workspace (its tracked and untracked files, this node_modules linked in).
// Tools (the local stack, the container tests) depend on apps and are marked with them; the
// assertions name the apps and libs exactly, and check the rest against the dependency graph.
const workspaceRoot = join(__dirname, '../../..');
let repo = '';

/** Affected projects that are apps or libs (each named after its folder). */
function appsAndLibs(projects: string[]): string[] {
  const names = new Set(['apps', 'libs'].flatMap((dir) => readdirSync(join(workspaceRoot, dir))));
  return projects.filter((project) => names.has(project));
}

/** The source files of apps, libs and tools that import `name`. */
function importersOf(name: string): string[] {
  const imports = new RegExp(`from '${name}'|require\\('${name}'\\)`);
  return ['apps', 'libs', 'tools'].flatMap((dir) =>
    readdirSync(join(repo, dir), { recursive: true, encoding: 'utf8' })
      .map((file) => join(dir, file))
      .filter((file) => /\.tsx?$/.test(file) && !file.includes('node_modules') && imports.test(readFileSync(join(repo, file), 'utf8'))),
  );
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

function commit(message: string): void {
  git('add', '-A');
  git('-c', 'user.name=affected-test', '-c', 'user.email=affected-test@example.invalid', 'commit', '-q', '--no-verify', '-m', message);
}

/** The project names an `nx show projects` command prints, sorted. */
function nxShowProjects(...args: string[]): string[] {
  // A parent Nx (nx run deploy:test) exports its own workspace root and settings; the copy must not inherit them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));
  const output = execFileSync(process.execPath, [join(repo, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects', '--json', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  return z.array(z.string()).parse(JSON.parse(output)).sort();
}

/** The projects affected by the last commit alone. */
function affectedByLastCommit(...args: string[]): string[] {
  return nxShowProjects('--affected', '--base=HEAD~1', '--head=HEAD', ...args);
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'affected-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, encoding: 'utf8' });
  // A checkout whose node_modules is a symlink (a git worktree sharing one install) lists it as an
  // untracked file: `node_modules/` in .gitignore matches only a directory. It is linked below.
  for (const file of listed.split('\0').filter((path) => path !== '' && path !== 'node_modules' && existsSync(join(workspaceRoot, path)))) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    copyFileSync(join(workspaceRoot, file), join(repo, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(repo, 'node_modules'), 'dir');
  git('init', '-q', '-b', 'main');
  commit('the workspace as it is');
}, 60_000);

afterAll(() => {
  if (repo !== '') rmSync(repo, { recursive: true, force: true });
});

describe('affected projects between two commits', () => {
  it("marks only the app whose file changed, and the local stack that serves every app; the deploy matrix gets that app alone", () => {
    // prepare
    appendFileSync(join(repo, 'apps/callback-service/src/app.ts'), '\n// a change\n');
    commit('change callback-service');

    // act
    const affected = affectedByLastCommit();
    const deployable = affectedByLastCommit('--withTarget', 'deploy');

    // assess
    expect(appsAndLibs(affected)).toEqual(['callback-service']);
    expect(affected).toContain('local-stack');
    expect(deployable).toEqual(['callback-service']);
  }, 60_000);

  it('marks a changed lib and exactly the apps that depend on it, no other app or lib', () => {
    // prepare
    appendFileSync(join(repo, 'libs/http-client/src/index.ts'), '\n// a change\n');
    commit('change http-client');

    // act
    const affected = affectedByLastCommit();

    // assess
    expect(appsAndLibs(affected)).toEqual(['http-client', 'integration-service', 'react-app-manager']);
    expect(affected).not.toContain('callback-service');
  }, 60_000);

  it('marks only the projects that import a third-party package bumped in the lockfile (and their dependents), not every project', () => {
    // prepare
    bumpInLockfile('standardwebhooks', '1.1.2');
    const importers = importersOf('standardwebhooks');

    // act
    const affected = affectedByLastCommit();

    // assess
    expect(appsAndLibs(affected)).toEqual(['callback-service', 'integration-service']);
    expect(affected).not.toContain('http');
    expect(affected).not.toContain('react-app-manager');
    expect(affected).toEqual(nxShowProjects('--affected', `--files=${importers.join(',')}`));
  }, 60_000);

  it('would mark every project for the same bump without projectsAffectedByDependencyUpdates: auto in nx.json', () => {
    // prepare
    const nxJsonPath = join(repo, 'nx.json');
    const nxJson = readFileSync(nxJsonPath, 'utf8');
    if (!nxJson.includes('"projectsAffectedByDependencyUpdates": "auto"')) throw new Error('nx.json no longer sets projectsAffectedByDependencyUpdates to auto');
    writeFileSync(nxJsonPath, nxJson.replace('"projectsAffectedByDependencyUpdates": "auto"', '"projectsAffectedByDependencyUpdates": "all"'));
    commit('the Nx default');
    bumpInLockfile('standardwebhooks', '1.1.3');

    // act
    const affected = affectedByLastCommit();

    // assess
    expect(affected).toContain('http');
    expect(affected).toContain('react-app-manager');
    expect(affected).toEqual(nxShowProjects());
  }, 60_000);
});

/** Points the lockfile's entry for `name` at another version (and tarball), as `npm update` would. */
function bumpInLockfile(name: string, version: string): void {
  const lockPath = join(repo, 'package-lock.json');
  const lock = z.object({ packages: z.record(z.string(), z.record(z.string(), z.unknown())) }).loose().parse(JSON.parse(readFileSync(lockPath, 'utf8')));
  const entry = lock.packages[`node_modules/${name}`];
  if (entry === undefined) throw new Error(`package-lock.json has no ${name}`);
  lock.packages[`node_modules/${name}`] = {
    ...entry,
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
    integrity: `sha512-${Buffer.from(`${name}@${version}`).toString('base64')}`,
  };
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  commit(`bump ${name} to ${version} in the lockfile`);
}
