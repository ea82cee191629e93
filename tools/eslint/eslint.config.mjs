// One flat config for the whole workspace; every project's `lint` target points here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (path) => JSON.parse(readFileSync(join(workspaceRoot, path), 'utf8'));

/** Every project's root and tags, read from its own project.json. */
const projects = ['apps', 'libs', 'tools'].flatMap((folder) =>
  readdirSync(join(workspaceRoot, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(workspaceRoot, folder, entry.name, 'project.json')))
    .map((entry) => ({ root: `${folder}/${entry.name}`, tags: readJson(`${folder}/${entry.name}/project.json`).tags ?? [] })),
);
const rootsTagged = (tag) => projects.filter((project) => project.tags.includes(tag)).map((project) => project.root);
const localRoots = rootsTagged('runtime:local');
// The import aliases of the local-only projects (local gateway, local OpenID provider, embedded
// AWS...) and of anything under tools/, whatever its tags.
const localAliases = Object.entries(readJson('tsconfig.base.json').compilerOptions.paths)
  .filter(([, [target]]) => target.startsWith('tools/') || localRoots.some((root) => target.startsWith(`${root}/`)))
  .map(([alias]) => alias);

const typeDeps = {
  'type:app': ['type:feature', 'type:data-access', 'type:util', 'type:types'],
  'type:feature': ['type:data-access', 'type:util', 'type:types'],
  'type:data-access': ['type:util', 'type:types'],
  'type:util': ['type:util', 'type:types'],
  'type:types': ['type:types'],
  'type:tool': ['type:feature', 'type:data-access', 'type:util', 'type:types'],
};
// Every scope a project.json names: a new app's own `scope:<app>` constrains it with no edit here.
const scopes = [...new Set(projects.flatMap((project) => project.tags.filter((tag) => tag.startsWith('scope:') && tag !== 'scope:shared')))].sort();

/** The module-boundary rule; `allow` lists imports that skip it (see tools/bench below). */
const moduleBoundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow,
    banTransitiveDependencies: false,
    depConstraints: [
      ...Object.entries(typeDeps).map(([sourceTag, onlyDependOnLibsWithTags]) => ({
        sourceTag,
        onlyDependOnLibsWithTags,
      })),
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ...scopes.map((scope) => ({
        sourceTag: scope,
        onlyDependOnLibsWithTags: [scope, 'scope:shared'],
      })),
      // express lives in the local gateway only: handlers take the real API Gateway event.
      { sourceTag: 'runtime:lambda', bannedExternalImports: ['express'] },
    ],
  },
];

const restrictedSyntax = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  {
    // `import { z }` drags all of zod into every Lambda bundle; the namespace import tree-shakes.
    selector: "ImportDeclaration[source.value=/^zod(\\/mini)?$/] > ImportSpecifier[imported.name='z']",
    message: "Use `import * as z from 'zod/mini'` (or 'zod' outside Lambda code) so bundles tree-shake.",
  },
  {
    selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]",
    message: 'Focused or skipped tests do not land.',
  },
];
const localOnly = (name) => `${name} is local-only (runtime:local or under tools/); Lambda code may not import it.`;
// Classic zod binds dozens of methods on every schema it builds: a Lambda bundle that evaluates it
// starts tens of milliseconds later than one built on zod/mini, the functional API on the same core.
const classicZod = "Lambda code builds schemas with `import * as z from 'zod/mini'`; classic zod slows every cold start.";

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.data', '**/tmp', '**/*.cjs', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([]),
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': ['error', ...restrictedSyntax],
    },
  },
  {
    // Lambda code never bundles a local-only lib (express, the local issuer's keys and jose); its
    // tests may, to run the same routes through the local gateway. Tags cannot say "except in
    // tests", so this is an import rule over the runtime:lambda projects' non-test files.
    files: rootsTagged('runtime:lambda').map((root) => `${root}/**/*.ts`),
    ignores: ['**/*.spec.ts', '**/test-setup.ts', '**/e2e/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...localAliases.map((name) => ({ name, message: localOnly(name) })), { name: 'zod', message: classicZod }] }],
      // no-restricted-imports sees static imports only; a dynamic import() would bundle the lib too.
      'no-restricted-syntax': [
        'error',
        ...restrictedSyntax,
        ...localAliases.map((name) => ({ selector: `ImportExpression[source.value='${name}']`, message: localOnly(name) })),
      ],
    },
  },
  {
    // The benchmarks measure the apps' own code (their app factories, configs and deploy.json), which
    // no lib exports: tools/bench alone may reach into apps/ by path.
    files: ['tools/bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(['../../apps/**']),
    },
  },
];
