import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listApps } from '@sm/app-deploy';
import { parse } from 'yaml';
import * as z from 'zod';
import { AUTH_VARIABLES } from './stage-auth';

// GitHub Actions cannot run here, so this reads both workflows as data and checks the structure
// the deploy contract depends on.
const StepSchema = z.object({ uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional() });
const JobSchema = z.object({
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  if: z.string().optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  outputs: z.record(z.string(), z.string()).optional(),
  strategy: z.object({ 'fail-fast': z.boolean().optional(), matrix: z.record(z.string(), z.unknown()) }).optional(),
  concurrency: z.object({ group: z.string(), 'cancel-in-progress': z.boolean() }).optional(),
  steps: z.array(StepSchema),
});
const WorkflowSchema = z.object({
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()),
  jobs: z.record(z.string(), JobSchema),
});
type Job = z.infer<typeof JobSchema>;

function readWorkflow(name: string): z.infer<typeof WorkflowSchema> {
  const text = readFileSync(join(__dirname, '../../../.github/workflows', name), 'utf8');
  return WorkflowSchema.parse(parse(text));
}

function jobOf(workflow: z.infer<typeof WorkflowSchema>, name: string): Job {
  const job = workflow.jobs[name];
  if (job === undefined) throw new Error(`no job ${name}`);
  return job;
}

const runs = (job: Job): string[] => job.steps.flatMap((step) => step.run ?? []);
const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));
const jobsWithIdToken = (workflow: z.infer<typeof WorkflowSchema>): string[] =>
  Object.entries(workflow.jobs).flatMap(([name, job]) => (job.permissions?.['id-token'] === undefined ? [] : [name]));

describe('.github/workflows/ci.yml', () => {
  const ci = readWorkflow('ci.yml');
  const job = jobOf(ci, 'affected');

  it('runs on pull requests only', () => {
    // assess
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
  });

  it('runs lint, typecheck, test, build and container for affected projects between the base and head nx-set-shas finds', () => {
    // assess
    expect(job.steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(uses(job, 'nrwl/nx-set-shas')).toBeDefined();
    expect(runs(job)).toContainEqual(expect.stringMatching(/^npx nx affected -t lint typecheck test build container --base=\$NX_BASE --head=\$NX_HEAD\b/));
  });

  it("restores and saves Nx's cache", () => {
    // assess
    expect(uses(job, 'actions/cache')?.with).toMatchObject({ path: '.nx/cache' });
  });

  it('checks the Lambda runtime against its deprecation date on every run, not only when something changed', () => {
    // assess
    expect(runs(job)).toContain('npx nx run deploy:check-runtime');
  });

  it('can read the repository and nothing more: no OIDC token', () => {
    // assess
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(jobsWithIdToken(ci)).toEqual([]);
  });
});

describe('.github/workflows/deploy.yml', () => {
  const deploy = readWorkflow('deploy.yml');
  const affected = jobOf(deploy, 'affected');
  const perApp = jobOf(deploy, 'deploy');

  it('runs on pushes to main only', () => {
    // assess
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
  });

  it('lists the affected apps that have a deploy target, between the base and head nx-set-shas finds, as JSON', () => {
    // assess
    expect(affected.steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(uses(affected, 'nrwl/nx-set-shas')?.with).toEqual({ 'main-branch-name': 'main' });
    expect(runs(affected)).toContainEqual(expect.stringContaining('npx nx show projects --affected --withTarget deploy --base=$NX_BASE --head=$NX_HEAD --json'));
    expect(affected.outputs).toEqual({ apps: '${{ steps.apps.outputs.apps }}' });
  });

  it('runs one deploy job per affected app from that list, none when it is empty, and lets the others finish when one fails', () => {
    // assess
    expect(perApp.needs).toBe('affected');
    expect(perApp.if).toBe("needs.affected.outputs.apps != '[]'");
    expect(perApp.strategy).toEqual({ 'fail-fast': false, matrix: { app: '${{ fromJSON(needs.affected.outputs.apps) }}' } });
    expect(runs(perApp)).toContain('npx nx deploy ${{ matrix.app }} --stage prod');
  });

  it('never runs two deploys of one app at once, and never cancels one half done', () => {
    // assess
    expect(perApp.concurrency).toEqual({ group: 'deploy-prod-${{ matrix.app }}', 'cancel-in-progress': false });
  });

  it('gets AWS credentials through OIDC, and only the deploy job may request the token', () => {
    // assess
    expect(uses(perApp, 'aws-actions/configure-aws-credentials')?.with).toEqual({ 'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' });
    expect(perApp.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(deploy.permissions).toEqual({ contents: 'read' });
    expect(jobsWithIdToken(deploy)).toEqual(['deploy']);
  });

  it("passes every variable the apps' deploy.json reads from the environment, and the stage's token issuer settings", () => {
    // prepare
    const step = perApp.steps.find((candidate) => candidate.run?.startsWith('npx nx deploy'));
    const workspaceRoot = join(__dirname, '../../..');
    const wanted = listApps(workspaceRoot).flatMap((app) => {
      const path = join(workspaceRoot, 'apps', app, 'deploy.json');
      const file = z.object({ deploy: z.object({ fromEnvironment: z.array(z.string()).default([]) }).optional() }).parse(JSON.parse(readFileSync(path, 'utf8')));
      return file.deploy?.fromEnvironment ?? [];
    });

    // assess
    expect(Object.keys(step?.env ?? {}).sort()).toEqual([...new Set([...wanted, ...Object.values(AUTH_VARIABLES)])].sort());
  });

  it('takes the secrets from GitHub secrets and everything else from variables', () => {
    // prepare
    const env = perApp.steps.find((candidate) => candidate.run?.startsWith('npx nx deploy'))?.env ?? {};

    // act
    const fromSecrets = Object.entries(env).flatMap(([name, value]) => (value === `\${{ secrets.${name} }}` ? [name] : []));
    const fromVariables = Object.entries(env).flatMap(([name, value]) => (value === `\${{ vars.${name} }}` ? [name] : []));

    // assess
    expect(fromSecrets.sort()).toEqual(['AUTH_CLIENT_SECRET', 'WEBHOOK_SECRET']);
    expect(fromVariables.length + fromSecrets.length).toBe(Object.keys(env).length);
  });
});
