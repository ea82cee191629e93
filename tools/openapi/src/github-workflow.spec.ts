import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';

// GitHub Actions cannot run here: the workflow is read as data and checked for what the check rests on.
const StepSchema = z.object({ uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional() });
const WorkflowSchema = z.object({
  on: z.object({ pull_request: z.object({ types: z.array(z.string()) }) }),
  permissions: z.record(z.string(), z.string()),
  jobs: z.object({ 'breaking-changes': z.object({ steps: z.array(StepSchema) }) }),
});

const workflow = WorkflowSchema.parse(parse(readFileSync(join(__dirname, '../../../.github/workflows/api-contracts.yml'), 'utf8')));
const steps = workflow.jobs['breaking-changes'].steps;
const check = steps.find((step) => step.run?.includes('-t api-compat'));

describe('.github/workflows/api-contracts.yml', () => {
  it('runs on pull requests, again when they are labelled or their description is edited', () => {
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled', 'edited']));
  });

  it("checks only the affected apps, against the pull request's base branch with its full history", () => {
    expect(steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(check?.run).toMatch(/^npx nx affected -t api-compat --base="\$NX_BASE"/);
    expect(check?.env?.NX_BASE).toBe('origin/${{ github.base_ref }}');
  });

  it('lets a breaking change through when the pull request is labelled breaking-change or its description says Breaking-Change: intended', () => {
    expect(check?.env?.BREAKING_CHANGE_INTENDED).toBe(
      "${{ contains(github.event.pull_request.labels.*.name, 'breaking-change') || contains(github.event.pull_request.body, 'Breaking-Change: intended') }}",
    );
  });

  it('can read the repository and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });
});
