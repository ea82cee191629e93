// Schedules run on EventBridge Scheduler, not on EventBridge scheduled rules (which AWS now calls
// legacy): a Scheduler schedule carries its own retry policy (attempts, maximum event age) per
// target, runs exactly on time with its flexible time window OFF, fills each run's id, scheduled time
// and schedule ARN into the target's Input (context attributes), so the event is the contract's
// ScheduledEvent without an input transformer, and sits in a schedule group: one group per stage
// holds every app's schedules, and `<app>.` prefixes an app's names, so a deploy lists and cleans up
// exactly its own. https://docs.aws.amazon.com/scheduler/latest/UserGuide/what-is-scheduler.html
import { GetRoleCommand, GetRolePolicyCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import {
  GetScheduleCommand,
  GetScheduleGroupCommand,
  paginateListSchedules,
  ResourceNotFoundException,
  type CreateScheduleCommandInput,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { deployedScheduleName, parseScheduleExpression, scheduledEventInput, type AppSchedule } from '@sm/app-deploy';
import type { AwsClients } from './aws-clients';
import type { FunctionDeployment } from './deploy-config';
import { aliasArn, httpApiName, type HttpApiTarget } from './http-api';
import type { AwsRead, PlanStep, ReportedRead } from './plan';

/** The inline policy of the role Scheduler assumes: invoking the function's alias, nothing else. */
export const SCHEDULER_POLICY_NAME = 'invoke-function';

/** What AWS holds for the app's schedules, read before planning. */
export interface SchedulesState {
  /** The stage's schedule group. */
  group: string;
  groupExists: boolean;
  /** The role Scheduler assumes for this app; null when the app declares no schedule (not read). */
  role: { exists: boolean; trustPolicy: unknown; invokePolicy: unknown } | null;
  /** This app's schedules in the group, by deployed name, as GetSchedule answers them. */
  existing: Record<string, ScheduleDefinition>;
}

/** The parts of a schedule the deploy sets, as GetSchedule answers them and UpdateSchedule takes them. */
export type ScheduleDefinition = Pick<GetScheduleCommandOutput, 'ScheduleExpression' | 'Description' | 'State' | 'FlexibleTimeWindow' | 'Target'>;

/**
 * The stage's schedule group: named as the stage's HTTP API, one per stage, so a stage's schedules
 * are found (and removed) together.
 *
 * @example
 * scheduleGroupName('serverless-microservices', 'prod'); // 'serverless-microservices-prod'
 */
export function scheduleGroupName(workspace: string, stage: string): string {
  return httpApiName(workspace, stage);
}

/**
 * The role EventBridge Scheduler assumes to invoke the app's function on a stage.
 *
 * @example
 * schedulerRoleName(deployment); // 'scheduler-integration-service-prod'
 */
export function schedulerRoleName(deployment: FunctionDeployment): string {
  return `scheduler-${deployment.functionName}`;
}

/**
 * Only EventBridge Scheduler acting for this account may assume the role (`aws:SourceAccount`
 * guards against the confused deputy). https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html
 *
 * @example
 * JSON.stringify(schedulerTrustPolicy('123456789012'));
 */
export function schedulerTrustPolicy(account: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } }],
  };
}

/**
 * What the role allows: `lambda:InvokeFunction` on the alias the schedules target, and nothing else.
 *
 * @example
 * JSON.stringify(schedulerInvokePolicy(deployment, { region: 'eu-west-1', account: '123456789012' }));
 */
export function schedulerInvokePolicy(deployment: FunctionDeployment, target: HttpApiTarget): unknown {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: aliasArn(deployment, target) }] };
}

// Scheduler retries a delivery that fails (throttling, the function unavailable) with backoff, until
// either limit: a run older than the schedule's next one is pointless, since the next run does the
// same work, so a rate schedule's runs expire after one interval (within Scheduler's 60 s to 24 h);
// a cron schedule's gaps vary, and an hour bounds them. The attempts stay few: the handler runs again
// at the next time anyway. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
const RETRY_ATTEMPTS = 3;
const CRON_EVENT_AGE_SECONDS = 3600;

function maximumEventAgeSeconds(expression: string): number {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind === 'cron') return CRON_EVENT_AGE_SECONDS;
  return Math.min(Math.max(parsed.everyMs / 1000, 60), 86_400);
}

/**
 * The whole definition of one schedule, as CreateSchedule takes it and UpdateSchedule must be given
 * it again (UpdateSchedule resets every field it is not sent): the app's alias as the target, the
 * scheduler role, the contract's event as Input, the retry policy, and the time window OFF.
 *
 * @example
 * scheduleInput(deployment, { name: 'deliver-due', expression: 'rate(1 minute)' }, target, 'serverless-microservices-prod');
 */
export function scheduleInput(deployment: FunctionDeployment, schedule: AppSchedule, target: HttpApiTarget, group: string): CreateScheduleCommandInput & { Name: string } {
  return {
    Name: deployedScheduleName(deployment.app, schedule.name),
    GroupName: group,
    ScheduleExpression: schedule.expression,
    Description: `${schedule.name} of ${deployment.functionName} (apps/${deployment.app}/deploy.json)`,
    State: 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: aliasArn(deployment, target),
      RoleArn: `arn:aws:iam::${target.account}:role/${schedulerRoleName(deployment)}`,
      Input: JSON.stringify(scheduledEventInput(schedule.name, target)),
      RetryPolicy: { MaximumRetryAttempts: RETRY_ATTEMPTS, MaximumEventAgeInSeconds: maximumEventAgeSeconds(schedule.expression) },
    },
  };
}

/**
 * The reads about schedules, in order: the group; then, when it exists, this app's schedules in it
 * (every page) and each one deploy.json still declares; then, when the app declares any, the
 * scheduler role and its policy.
 *
 * @example
 * scheduleReads(deployment, 'serverless-microservices-prod').map((read) => read.command); // ['GetScheduleGroup', 'ListSchedules', ...]
 */
export function scheduleReads(deployment: FunctionDeployment, group: string): AwsRead[] {
  const reads = namedReads(deployment, group);
  const declared = deployment.schedules.map((schedule) => reads.schedule(deployedScheduleName(deployment.app, schedule.name)));
  const role = deployment.schedules.length === 0 ? [] : [reads.role, reads.policy];
  return [reads.group, reads.list, ...declared, ...role];
}

function namedReads(deployment: FunctionDeployment, group: string) {
  const RoleName = schedulerRoleName(deployment);
  return {
    group: { service: 'Scheduler', command: 'GetScheduleGroup', input: { Name: group } },
    list: { service: 'Scheduler', command: 'ListSchedules', input: { GroupName: group, NamePrefix: deployedScheduleName(deployment.app, '') } },
    schedule: (Name: string): AwsRead => ({ service: 'Scheduler', command: 'GetSchedule', input: { Name, GroupName: group } }),
    role: { service: 'IAM', command: 'GetRole', input: { RoleName } },
    policy: { service: 'IAM', command: 'GetRolePolicy', input: { RoleName, PolicyName: SCHEDULER_POLICY_NAME } },
  } satisfies Record<string, AwsRead | ((name: string) => AwsRead)>;
}

/**
 * Reads what {@link scheduleReads} lists, each reported before it is made. Changes nothing.
 *
 * @example
 * const schedules = await readSchedules(deployment, 'serverless-microservices-prod', clients, read);
 */
export async function readSchedules(deployment: FunctionDeployment, group: string, clients: AwsClients, read: ReportedRead): Promise<SchedulesState> {
  const reads = namedReads(deployment, group);
  const prefix = deployedScheduleName(deployment.app, '');
  const groupExists = await read(reads.group, () => clients.scheduler.send(new GetScheduleGroupCommand({ Name: group })).then(() => true, absentAs(ResourceNotFoundException, false)));
  const existing: Record<string, ScheduleDefinition> = {};
  if (groupExists) {
    const names = await read(reads.list, async () => {
      const found: string[] = [];
      for await (const page of paginateListSchedules({ client: clients.scheduler }, { GroupName: group, NamePrefix: prefix })) {
        found.push(...(page.Schedules ?? []).flatMap((schedule) => schedule.Name ?? []));
      }
      return found;
    });
    const declared = new Set(deployment.schedules.map((schedule) => deployedScheduleName(deployment.app, schedule.name)));
    for (const Name of names) {
      // Only a schedule that stays needs its definition: the others are deleted whatever they hold.
      if (!declared.has(Name)) {
        existing[Name] = {};
        continue;
      }
      const answer = await read(reads.schedule(Name), () => clients.scheduler.send(new GetScheduleCommand({ Name, GroupName: group })).catch(absentAs(ResourceNotFoundException, null)));
      if (answer !== null) existing[Name] = { ScheduleExpression: answer.ScheduleExpression, Description: answer.Description, State: answer.State, FlexibleTimeWindow: answer.FlexibleTimeWindow, Target: answer.Target };
    }
  }
  if (deployment.schedules.length === 0) return { group, groupExists, role: null, existing };
  const { RoleName } = reads.role.input;
  const role = await read(reads.role, () => clients.iam.send(new GetRoleCommand({ RoleName })).catch(absentAs(NoSuchEntityException, null)));
  if (role === null) return { group, groupExists, role: { exists: false, trustPolicy: undefined, invokePolicy: undefined }, existing };
  const policy = await read(reads.policy, () => clients.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: SCHEDULER_POLICY_NAME })).catch(absentAs(NoSuchEntityException, null)));
  return {
    group,
    groupExists,
    role: { exists: true, trustPolicy: policyDocument(role.Role?.AssumeRolePolicyDocument), invokePolicy: policyDocument(policy?.PolicyDocument) },
    existing,
  };
}

/**
 * The steps that make AWS hold exactly the app's declared schedules: the scheduler role with its
 * trust and invoke policies, the stage's group, a CreateSchedule for each new schedule and an
 * UpdateSchedule (the whole definition) for each that differs; then a DeleteSchedule for each of
 * the app's schedules deploy.json no longer declares. Nothing for what already matches.
 *
 * @example
 * const { roleSteps, scheduleSteps } = planSchedules(deployment, state.schedules, { region, account });
 */
export function planSchedules(deployment: FunctionDeployment, state: SchedulesState, target: HttpApiTarget): { roleSteps: PlanStep[]; scheduleSteps: PlanStep[] } {
  const roleSteps: PlanStep[] = [];
  const scheduleSteps: PlanStep[] = [];
  const { group } = state;
  if (deployment.schedules.length > 0) {
    const RoleName = schedulerRoleName(deployment);
    const trust = schedulerTrustPolicy(target.account);
    const invoke = schedulerInvokePolicy(deployment, target);
    const role = state.role ?? { exists: false, trustPolicy: undefined, invokePolicy: undefined };
    if (!role.exists) {
      const Description = `EventBridge Scheduler invokes ${deployment.functionName}:live for the schedules of apps/${deployment.app}/deploy.json`;
      roleSteps.push({ kind: 'aws', call: { service: 'IAM', command: 'CreateRole', input: { RoleName, AssumeRolePolicyDocument: JSON.stringify(trust), Description } } });
    } else if (!sameJson(role.trustPolicy, trust)) {
      roleSteps.push({ kind: 'aws', call: { service: 'IAM', command: 'UpdateAssumeRolePolicy', input: { RoleName, PolicyDocument: JSON.stringify(trust) } } });
    }
    if (!sameJson(role.invokePolicy, invoke)) {
      roleSteps.push({ kind: 'aws', call: { service: 'IAM', command: 'PutRolePolicy', input: { RoleName, PolicyName: SCHEDULER_POLICY_NAME, PolicyDocument: JSON.stringify(invoke) } } });
    }
    if (!state.groupExists) scheduleSteps.push({ kind: 'aws', call: { service: 'Scheduler', command: 'CreateScheduleGroup', input: { Name: group } } });
    for (const schedule of deployment.schedules) {
      const input = scheduleInput(deployment, schedule, target, group);
      const current = state.existing[input.Name];
      if (current === undefined) scheduleSteps.push({ kind: 'aws', call: { service: 'Scheduler', command: 'CreateSchedule', input } });
      else if (!sameDefinition(current, input)) scheduleSteps.push({ kind: 'aws', call: { service: 'Scheduler', command: 'UpdateSchedule', input } });
    }
  }
  const declared = new Set(deployment.schedules.map((schedule) => deployedScheduleName(deployment.app, schedule.name)));
  for (const Name of Object.keys(state.existing).filter((name) => !declared.has(name)).sort()) {
    scheduleSteps.push({ kind: 'aws', call: { service: 'Scheduler', command: 'DeleteSchedule', input: { Name, GroupName: group } } });
  }
  return { roleSteps, scheduleSteps };
}

function sameDefinition(current: ScheduleDefinition, wanted: CreateScheduleCommandInput): boolean {
  const pick = (definition: ScheduleDefinition) => ({
    ScheduleExpression: definition.ScheduleExpression,
    Description: definition.Description,
    State: definition.State,
    Mode: definition.FlexibleTimeWindow?.Mode,
    Arn: definition.Target?.Arn,
    RoleArn: definition.Target?.RoleArn,
    Input: definition.Target?.Input === undefined ? undefined : (parseJson(definition.Target.Input) ?? definition.Target.Input),
    MaximumRetryAttempts: definition.Target?.RetryPolicy?.MaximumRetryAttempts,
    MaximumEventAgeInSeconds: definition.Target?.RetryPolicy?.MaximumEventAgeInSeconds,
  });
  return sameJson(pick(current), pick(wanted));
}

// IAM answers policy documents URL-encoded (RFC 3986).
function policyDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  try {
    return parseJson(decodeURIComponent(encoded));
  } catch {
    return parseJson(encoded);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function absentAs<T>(notFound: abstract new (...args: never[]) => Error, value: T): (error: unknown) => T {
  return (error: unknown) => {
    if (error instanceof notFound) return value;
    throw error;
  };
}
