// One flat config for the whole workspace; every project's `lint` target points here.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const typeDeps = {
  'type:app': ['type:feature', 'type:data-access', 'type:util', 'type:types'],
  'type:feature': ['type:data-access', 'type:util', 'type:types'],
  'type:data-access': ['type:util', 'type:types'],
  'type:util': ['type:util', 'type:types'],
  'type:types': ['type:types'],
};
const apps = ['callback-service', 'integration-service', 'react-app-manager', 'local-stack', 'containers', 'deploy'];

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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            ...Object.entries(typeDeps).map(([sourceTag, onlyDependOnLibsWithTags]) => ({
              sourceTag,
              onlyDependOnLibsWithTags,
            })),
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...apps.map((app) => ({
              sourceTag: `scope:${app}`,
              onlyDependOnLibsWithTags: [`scope:${app}`, 'scope:shared'],
            })),
            // express lives in the local gateway only: handlers take the real API Gateway event.
            { sourceTag: 'runtime:lambda', bannedExternalImports: ['express'] },
          ],
        },
      ],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          // `import { z }` drags all of zod into every Lambda bundle; the namespace import tree-shakes.
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'` so bundles tree-shake.",
        },
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]",
          message: 'Focused or skipped tests do not land.',
        },
      ],
    },
  },
];
