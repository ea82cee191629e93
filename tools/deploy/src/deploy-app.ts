import type { AwsAccess } from './aws-clients';
import { LIVE_ALIAS, resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import type { DockerRunner } from './docker';
import { DeployPreconditionError } from './errors';
import { describeRead, describeStep, formatSteps } from './format-plan';
import type { GitState } from './git';
import { PUBLIC_URL_STATEMENT_IDS, imageUri, planDeploy, type DeployState, type ImageBuild } from './plan-deploy';
import { deployReads, readDeployState } from './read-deploy-state';
import { runPlan, type WaitLimits } from './run-plan';

/** One deploy of one app to one stage. */
export interface DeployRequest {
  app: string;
  stage: string;
  /** The app's deploy.json as read (validated here). */
  deployFile: unknown;
  dryRun: boolean;
  git: GitState;
  /** The deploying environment: values for `deploy.fromEnvironment`. */
  env: Record<string, string | undefined>;
  /** Replaces the Dockerfile's AWS base image (an offline machine has only the local one). */
  baseImage?: string;
}

/** What a deploy talks to. */
export interface DeployDeps {
  aws: AwsAccess;
  docker: DockerRunner;
  print: (line: string) => void;
  waitLimits: WaitLimits;
}

/** A dry run, or the version the alias `live` now points to. */
export type DeployOutcome = { dryRun: true } | { dryRun: false; version: string; imageUri: string; functionUrl: string | undefined };

/**
 * Deploys one app: checks every precondition first (one {@link DeployPreconditionError} listing
 * all that is missing), reads what AWS holds, plans, prints the plan, and runs it unless it is a
 * dry run. A dry run without credentials or region prints the plan for a first deploy and for a
 * redeploy, with `<account>` and `<region>` placeholders.
 *
 * @example
 * await deployApp({ app, stage: 'prod', deployFile, dryRun: true, git, env: process.env }, { aws, docker, print: console.log, waitLimits });
 */
export async function deployApp(request: DeployRequest, deps: DeployDeps): Promise<DeployOutcome> {
  const { app, stage, dryRun, git } = request;
  const deployment = resolveDeployment(app, request.deployFile, stage);
  const missing = [...('missing' in deps.aws ? deps.aws.missing : []), ...localPreconditions(deployment, request)];
  if (!dryRun && missing.length > 0) throw new DeployPreconditionError(`deploy ${app} to ${stage}`, missing);

  const { print } = deps;
  const build: ImageBuild = { gitSha: git.sha, ...(request.baseImage === undefined ? {} : { baseImage: request.baseImage }) };
  print(`${dryRun ? 'Dry run: deploy' : 'Deploy'} ${app} (${git.sha}) to stage ${stage} as ${deployment.functionName}, alias ${LIVE_ALIAS}${dryRun ? '; nothing will be changed' : ''}`);
  if (missing.length > 0) {
    print('A real deploy would stop before any work; missing:');
    for (const item of missing) print(`  - ${item}`);
  }

  if ('missing' in deps.aws) {
    printPlansWithoutAccess(deployment, build, deps.aws.region, print);
    return { dryRun: true };
  }

  print(`Reads (${deps.aws.region}):`);
  const { state, registryPassword } = await readDeployState(deployment, deps.aws.clients, (read) => print(`        ${describeRead(read)}`));
  const steps = planDeploy(withAccount(deployment, state.account), state, build);
  print(`Plan for ${describeState(deployment, state)}:`);
  for (const line of formatSteps(steps)) print(line);
  if (dryRun) {
    print('Dry run: nothing was changed.');
    return { dryRun: true };
  }

  const aliasStep = steps.findIndex((step) => step.kind === 'aws' && (step.call.command === 'CreateAlias' || step.call.command === 'UpdateAlias')) + 1;
  const before = state.existing?.alias ?? null;
  const result = await runPlan(steps, {
    clients: deps.aws.clients,
    docker: deps.docker,
    registryPassword,
    env: request.env,
    waitLimits: deps.waitLimits,
    onStep: (step, stepNumber) => print(`[${stepNumber}/${steps.length}] ${describeStep(step)}`),
    failureNote: (stepNumber) =>
      stepNumber > aliasStep
        ? `The alias ${LIVE_ALIAS} already points to the new version.`
        : before === null
          ? `The alias ${LIVE_ALIAS} was not created.`
          : `The alias ${LIVE_ALIAS} was not moved from version ${before.version}.`,
  });
  const version = result.publishedVersion ?? '';
  const uri = imageUri(deployment, state, git.sha);
  print(`Deployed ${deployment.functionName}: alias ${LIVE_ALIAS} -> version ${version} (${uri})${result.functionUrl === undefined ? '' : `, ${result.functionUrl}`}`);
  return { dryRun: false, version, imageUri: uri, functionUrl: result.functionUrl };
}

/** What only this machine can say is missing: the role, variables from the environment, a clean tree. */
function localPreconditions(deployment: FunctionDeployment, request: DeployRequest): string[] {
  const missing: string[] = [];
  if (deployment.roleArn === undefined) {
    missing.push(`execution role: none for stage ${deployment.stage} (set deploy.roleArn or deploy.stages.${deployment.stage}.roleArn in apps/${deployment.app}/deploy.json)`);
  }
  for (const name of deployment.fromEnvironment) {
    const value = request.env[name];
    if (value === undefined || value === '') missing.push(`${name}: not set in the environment (deploy.fromEnvironment of ${deployment.app})`);
  }
  if (request.git.dirty) missing.push(`a clean work tree: the image is tagged ${request.git.sha} but the work tree has changes (commit or stash them)`);
  return missing;
}

function describeState(deployment: FunctionDeployment, state: DeployState): string {
  if (state.existing === null) return `${deployment.functionName}, which does not exist yet`;
  const alias = state.existing.alias;
  return `${deployment.functionName}, which exists (${LIVE_ALIAS} ${alias === null ? 'does not exist' : `-> version ${alias.version}`})`;
}

function printPlansWithoutAccess(deployment: FunctionDeployment, build: ImageBuild, region: string | undefined, print: (line: string) => void): void {
  const account = '<account>';
  const placeholder = withAccount(deployment, account);
  const registry = `${account}.dkr.ecr.${region ?? '<region>'}.amazonaws.com`;
  print('Reads a real deploy makes first (not made now: no AWS access; those after GetFunction only when the function exists):');
  for (const read of deployReads(deployment)) print(`        ${describeRead(read)}`);
  const first: DeployState = { account, registry, repositoryExists: false, existing: null };
  const again: DeployState = {
    account,
    registry,
    repositoryExists: true,
    existing: { alias: { version: '<live version>', revisionId: '<alias revision>' }, url: deployment.functionUrl, statementIds: PUBLIC_URL_STATEMENT_IDS },
  };
  for (const state of [first, again]) {
    print(`Plan if ${describeState(deployment, state)}:`);
    for (const line of formatSteps(planDeploy(placeholder, state, build))) print(line);
  }
  print('Dry run: nothing was changed.');
}
