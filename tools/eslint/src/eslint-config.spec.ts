import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as z from 'zod';

// The boundaries are what keeps local-only code (express, the local issuer, embedded AWS, the
// tools) out of Lambda bundles; these tests run the real config so a change to it cannot quietly
// stop enforcing them.
const workspaceRoot = join(__dirname, '../../..');

const LintedSchema = z.object({
  linted: z.array(z.object({ filePath: z.string(), errors: z.array(z.object({ line: z.number(), ruleId: z.string().nullable(), message: z.string() })) })),
  configs: z.array(z.object({ filePath: z.string(), rules: z.record(z.string(), z.unknown()) })),
});
type Probe = z.infer<typeof LintedSchema>;

function probe(cwd: string, request: { texts?: { filePath: string; code: string }[]; configFor?: string[] }): Probe {
  const output = execFileSync(process.execPath, [join(__dirname, 'lint-probe.mjs'), JSON.stringify({ cwd, ...request })], { cwd, encoding: 'utf8' });
  return LintedSchema.parse(JSON.parse(output));
}

/** The boundary errors of one source text, as `line rule` pairs, linted as if it were `filePath`. */
const errorsOf = (probed: Probe, filePath: string) =>
  (probed.linted.find((result) => result.filePath === filePath)?.errors ?? []).map((error) => `${error.line} ${error.ruleId ?? 'parse'}`);

const source = (...imports: string[]) => `${imports.join('\n')}\nexport const used = 1;\n`;

describe('module boundaries of Lambda code', () => {
  const appFile = 'apps/callback-service/src/boundary-fixture.ts';
  const libFile = 'libs/config/src/boundary-fixture.ts';
  const testFile = 'apps/callback-service/src/boundary-fixture.spec.ts';
  const benchFile = 'tools/bench/boundary-fixture.ts';
  const toolFile = 'tools/containers/src/boundary-fixture.ts';
  const local = source(
    "import { createLocalGateway } from '@sm/local-gateway';",
    "import { startEmbeddedS3 } from '@sm/local-aws';",
    "import { createTestIssuer } from '@sm/local-auth';",
    "import { createFunctionPool } from '@sm/lambda-runtime';",
    "export const gateway = import('@sm/local-gateway');",
  );
  let probed: Probe;

  beforeAll(() => {
    probed = probe(workspaceRoot, {
      texts: [
        { filePath: appFile, code: local },
        { filePath: libFile, code: local },
        { filePath: testFile, code: local },
        {
          filePath: `apps/callback-service/src/across-fixture.ts`,
          code: source(
            "import { createIntegrationService } from '../../integration-service/src/app';",
            "import { startStackFunction } from '../../../tools/local/src/stack';",
            "import { benchEnv } from '../../../tools/bench/workspace';",
            "import preset from '../../../tools/jest/preset.cjs';",
          ),
        },
        { filePath: `apps/callback-service/src/own-fixture.ts`, code: source("import { createCallbackService } from './app';", "import { createLogger } from '@sm/http';") },
        { filePath: 'apps/callback-service/src/zod-fixture.ts', code: source("import * as z from 'zod';", "import * as mini from 'zod/mini';") },
        { filePath: 'libs/events/src/zod-fixture.ts', code: source("import * as z from 'zod';") },
        { filePath: 'apps/callback-service/src/zod-fixture.spec.ts', code: source("import * as z from 'zod';") },
        { filePath: 'tools/containers/src/zod-fixture.ts', code: source("import * as z from 'zod';") },
        { filePath: benchFile, code: source("import { createCallbackService } from '../../apps/callback-service/src/app';") },
        { filePath: toolFile, code: source("import { createCallbackService } from '../../../apps/callback-service/src/app';") },
      ],
    });
  });

  it('refuses @sm/local-gateway, @sm/local-aws, @sm/local-auth and a tools/ alias in an app, statically or by import()', () => {
    // assess
    expect(errorsOf(probed, appFile)).toEqual(['1 no-restricted-imports', '2 no-restricted-imports', '3 no-restricted-imports', '4 no-restricted-imports', '5 no-restricted-syntax']);
  });

  it('refuses the same in a runtime:lambda lib', () => {
    // assess
    expect(errorsOf(probed, libFile)).toEqual(['1 no-restricted-imports', '2 no-restricted-imports', '3 no-restricted-imports', '4 no-restricted-imports', '5 no-restricted-syntax']);
  });

  it("lets an app's tests use the local-only libs, to run its routes through the local gateway", () => {
    // assess
    expect(errorsOf(probed, testFile)).toEqual([]);
  });

  it('refuses another app and anything under tools/ by relative path, project or not', () => {
    // assess
    expect(errorsOf(probed, 'apps/callback-service/src/across-fixture.ts')).toEqual([
      '1 @nx/enforce-module-boundaries',
      '2 @nx/enforce-module-boundaries',
      '3 @nx/enforce-module-boundaries',
      '4 @nx/enforce-module-boundaries',
    ]);
  });

  it("lets an app import its own modules and the shared libs", () => {
    // assess
    expect(errorsOf(probed, 'apps/callback-service/src/own-fixture.ts')).toEqual([]);
  });

  it('refuses classic zod in Lambda code, which builds its schemas with zod/mini', () => {
    // assess
    expect(errorsOf(probed, 'apps/callback-service/src/zod-fixture.ts')).toEqual(['1 no-restricted-imports']);
    expect(errorsOf(probed, 'libs/events/src/zod-fixture.ts')).toEqual(['1 no-restricted-imports']);
  });

  it("lets Lambda code's tests and the local-only tools use classic zod", () => {
    // assess
    expect(errorsOf(probed, 'apps/callback-service/src/zod-fixture.spec.ts')).toEqual([]);
    expect(errorsOf(probed, 'tools/containers/src/zod-fixture.ts')).toEqual([]);
  });

  it("lets tools/bench alone reach into an app's code by path", () => {
    // assess
    expect(errorsOf(probed, benchFile)).toEqual([]);
    expect(errorsOf(probed, toolFile)).toEqual(['1 @nx/enforce-module-boundaries']);
  });
});

const ProjectSchema = z.object({ name: z.string(), tags: z.array(z.string()).default([]) });
const projectFiles = (root: string) =>
  ['apps', 'libs', 'tools'].flatMap((folder) =>
    readdirSync(join(root, folder)).flatMap((name) => {
      const path = join(folder, name, 'project.json');
      return existsSync(join(root, path)) ? [path] : [];
    }),
  );

describe("the projects' tags", () => {
  it.each(projectFiles(workspaceRoot))('%s has one scope, one type and one runtime tag', (path) => {
    // prepare
    const { tags } = ProjectSchema.parse(JSON.parse(readFileSync(join(workspaceRoot, path), 'utf8')));

    // act
    const counts = ['scope:', 'type:', 'runtime:'].map((prefix) => tags.filter((tag) => tag.startsWith(prefix)).length);

    // assess
    expect(counts).toEqual([1, 1, 1]);
  });
});

describe('a new app', () => {
  // A copy of what the config reads (every project.json, tsconfig.base.json, the config itself)
  // plus apps/x-service, with the workspace's node_modules linked in.
  function workspaceWithNewApp(): string {
    const root = mkdtempSync(join(tmpdir(), 'eslint-config-'));
    for (const path of [...projectFiles(workspaceRoot), 'tsconfig.base.json', 'tools/eslint/eslint.config.mjs']) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      cpSync(join(workspaceRoot, path), join(root, path));
    }
    mkdirSync(join(root, 'apps/x-service/src'), { recursive: true });
    writeFileSync(join(root, 'apps/x-service/project.json'), JSON.stringify({ name: 'x-service', tags: ['type:app', 'scope:x-service', 'runtime:lambda'] }));
    writeFileSync(join(root, 'apps/x-service/deploy.json'), '{}');
    symlinkSync(realpathSync(join(workspaceRoot, 'node_modules')), join(root, 'node_modules'));
    return root;
  }

  it('is held to its scope and kept from the local-only libs with no edit to the lint config', () => {
    // prepare
    const root = workspaceWithNewApp();

    // act
    const { configs } = probe(root, { configFor: ['apps/x-service/src/main.ts'] });
    rmSync(root, { recursive: true, force: true });

    // assess
    const rules = configs[0]?.rules ?? {};
    expect(JSON.stringify(rules['@nx/enforce-module-boundaries'])).toContain('{"sourceTag":"scope:x-service","onlyDependOnLibsWithTags":["scope:x-service","scope:shared"]}');
    expect(JSON.stringify(rules['no-restricted-imports'])).toContain('"name":"@sm/local-gateway"');
  });
});
