import { CreateRoleCommand, EntityAlreadyExistsException, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { AwsCall } from './plan';

/** The calls of a plan about schedules and the role EventBridge Scheduler assumes. */
export type ScheduleCall = Extract<AwsCall, { service: 'IAM' | 'Scheduler' }>;

/**
 * How long a schedule's create or update is tried again while IAM has not yet made a new role
 * usable by Scheduler: IAM is eventually consistent, and a role a few seconds old is refused.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
export const ROLE_PROPAGATION = { pollMs: 3_000, maxMs: 90_000 };

/** What a schedule call needs: the clients, and the clock it waits on while a new role propagates. */
export interface ScheduleCallDeps {
  iam: IAMClient;
  scheduler: SchedulerClient;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Sends one call, answering each documented race as what the plan meant: a group or schedule that
 * another deploy created meanwhile (`ConflictException`) is used, or updated with this definition;
 * a schedule gone since the reads (`ResourceNotFoundException`) is created again on update, and
 * counts as deleted on delete; a role a concurrent deploy created is there (`EntityAlreadyExists`,
 * and PutRolePolicy follows). Scheduler refuses a role it cannot assume yet with a
 * `ValidationException` about the execution role; that is tried again for {@link ROLE_PROPAGATION}.
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
 *
 * @example
 * await sendScheduleCall({ service: 'Scheduler', command: 'DeleteSchedule', input: { Name, GroupName } }, { iam, scheduler, sleep });
 */
export async function sendScheduleCall(call: ScheduleCall, deps: ScheduleCallDeps): Promise<void> {
  const { iam, scheduler } = deps;
  switch (call.command) {
    case 'CreateRole':
      await iam.send(new CreateRoleCommand(call.input)).catch(ignore(EntityAlreadyExistsException));
      return;
    case 'UpdateAssumeRolePolicy':
      await iam.send(new UpdateAssumeRolePolicyCommand(call.input));
      return;
    case 'PutRolePolicy':
      await iam.send(new PutRolePolicyCommand(call.input));
      return;
    case 'CreateScheduleGroup':
      await scheduler.send(new CreateScheduleGroupCommand(call.input)).catch(ignore(ConflictException));
      return;
    case 'CreateSchedule':
      return putSchedule(call.input, 'create', deps);
    case 'UpdateSchedule':
      return putSchedule(call.input, 'update', deps);
    case 'DeleteSchedule':
      await scheduler.send(new DeleteScheduleCommand(call.input)).catch(ignore(ResourceNotFoundException));
  }
}

async function putSchedule(input: CreateScheduleCommandInput, first: 'create' | 'update', deps: ScheduleCallDeps): Promise<void> {
  let waited = 0;
  let how = first;
  for (;;) {
    try {
      if (how === 'create') await deps.scheduler.send(new CreateScheduleCommand(input));
      else await deps.scheduler.send(new UpdateScheduleCommand(input));
      return;
    } catch (error) {
      if (how === 'create' && error instanceof ConflictException) how = 'update';
      else if (how === 'update' && error instanceof ResourceNotFoundException) how = 'create';
      else if (roleNotYetUsable(error) && waited < ROLE_PROPAGATION.maxMs) {
        await deps.sleep(ROLE_PROPAGATION.pollMs);
        waited += ROLE_PROPAGATION.pollMs;
      } else throw error;
    }
  }
}

// "The execution role you provide must allow AWS EventBridge Scheduler to assume the role.": what
// CreateSchedule answers for a role IAM has not propagated yet (and for one that is wrong for good,
// which the wait then reports).
function roleNotYetUsable(error: unknown): boolean {
  return error instanceof ValidationException && /execution role/i.test(error.message);
}

function ignore(expected: abstract new (...args: never[]) => Error): (error: unknown) => void {
  return (error: unknown) => {
    if (!(error instanceof expected)) throw error;
  };
}
