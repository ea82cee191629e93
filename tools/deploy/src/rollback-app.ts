import { GetAliasCommand, ResourceNotFoundException, UpdateAliasCommand, paginateListVersionsByFunction } from '@aws-sdk/client-lambda';
import type { AwsAccess } from './aws-clients';
import { LIVE_ALIAS, resolveDeployment } from './deploy-config';
import { DeployPreconditionError, DeployStepError, NoPreviousVersionError } from './errors';
import { describeRead, describeStep, formatSteps } from './format-plan';
import type { AwsRead, PlanStep } from './plan';

/** One rollback of one app on one stage. */
export interface RollbackRequest {
  app: string;
  stage: string;
  deployFile: unknown;
  dryRun: boolean;
}

/** What a rollback talks to. */
export interface RollbackDeps {
  aws: AwsAccess;
  print: (line: string) => void;
}

/** A dry run, or the versions the alias moved between. */
export type RollbackOutcome = { dryRun: true } | { dryRun: false; from: string; to: string };

/**
 * The previous published version: the highest number below the one `live` points to.
 *
 * @example
 * previousVersion(['$LATEST', '1', '2', '3'], '3'); // '2'
 */
export function previousVersion(versions: readonly string[], current: string): string | undefined {
  const below = versions.filter((version) => /^\d+$/.test(version) && Number(version) < Number(current));
  return below.sort((a, b) => Number(b) - Number(a))[0];
}

/**
 * Moves the alias `live` back to the published version before the one it points to (run it again
 * to go further back). Reads the alias and the versions, prints the one call it makes, and makes
 * it unless it is a dry run.
 *
 * @example
 * await rollbackApp({ app: 'callback-service', stage: 'prod', deployFile, dryRun: false }, { aws, print: console.log });
 */
export async function rollbackApp(request: RollbackRequest, deps: RollbackDeps): Promise<RollbackOutcome> {
  const { app, stage, dryRun } = request;
  const { functionName: FunctionName } = resolveDeployment(app, request.deployFile, stage);
  const { print } = deps;
  const aliasRead: AwsRead = { service: 'Lambda', command: 'GetAlias', input: { FunctionName, Name: LIVE_ALIAS } };
  const versionsRead: AwsRead = { service: 'Lambda', command: 'ListVersionsByFunction', input: { FunctionName } };
  if ('missing' in deps.aws) {
    if (!dryRun) throw new DeployPreconditionError(`roll back ${app} on ${stage}`, deps.aws.missing);
    print(`Dry run: roll back ${FunctionName}, alias ${LIVE_ALIAS}; nothing will be changed`);
    print('A real rollback would stop before any work; missing:');
    for (const item of deps.aws.missing) print(`  - ${item}`);
    print('Reads a real rollback makes first (not made now: no AWS access):');
    for (const read of [aliasRead, versionsRead]) print(`        ${describeRead(read)}`);
    print('Plan:');
    for (const line of formatSteps([aliasMove(FunctionName, '<the published version before the live one>', '<alias revision>')])) print(line);
    print('Dry run: nothing was changed.');
    return { dryRun: true };
  }

  const { lambda } = deps.aws.clients;
  print(`${dryRun ? 'Dry run: roll back' : 'Roll back'} ${FunctionName}, alias ${LIVE_ALIAS}`);
  print(`        ${describeRead(aliasRead)}`);
  const alias = await lambda.send(new GetAliasCommand({ FunctionName, Name: LIVE_ALIAS })).catch((error: unknown) => {
    if (error instanceof ResourceNotFoundException) throw new NoPreviousVersionError(FunctionName, `it has no alias ${LIVE_ALIAS} (deploy it first)`);
    throw error;
  });
  const current = alias.FunctionVersion ?? '';
  print(`        ${describeRead(versionsRead)} (every page)`);
  const versions: string[] = [];
  for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName })) {
    versions.push(...(page.Versions ?? []).flatMap((version) => version.Version ?? []));
  }
  const target = previousVersion(versions, current);
  if (target === undefined) throw new NoPreviousVersionError(FunctionName, `${LIVE_ALIAS} points to version ${current}, and no published version is older`);

  const step = aliasMove(FunctionName, target, alias.RevisionId);
  print(`Plan (${LIVE_ALIAS}: version ${current} -> ${target}):`);
  for (const line of formatSteps([step])) print(line);
  if (dryRun) {
    print('Dry run: nothing was changed.');
    return { dryRun: true };
  }
  // The alias revision read above makes this fail rather than undo a deploy that moved the alias meanwhile.
  await lambda.send(new UpdateAliasCommand({ FunctionName, Name: LIVE_ALIAS, FunctionVersion: target, RevisionId: alias.RevisionId })).catch((error: unknown) => {
    throw new DeployStepError(1, 1, describeStep(step), `The alias ${LIVE_ALIAS} was not moved from version ${current}.`, { cause: error });
  });
  print(`Rolled back ${FunctionName}: alias ${LIVE_ALIAS} -> version ${target} (was ${current})`);
  return { dryRun: false, from: current, to: target };
}

function aliasMove(FunctionName: string, FunctionVersion: string, RevisionId: string | undefined): PlanStep {
  return { kind: 'aws', call: { service: 'Lambda', command: 'UpdateAlias', input: { FunctionName, Name: LIVE_ALIAS, FunctionVersion, RevisionId } } };
}
