import { CREATOR_WAIT, SETTLE_MS } from './claim-api';
import type { AwsRead, PlanStep } from './plan';

/**
 * One step as one line: the docker command as you would type it, or the SDK command and its
 * input as JSON. The registry password is named, never shown.
 *
 * @example
 * describeStep({ kind: 'docker', args: ['push', 'registry/app:abc'] }); // 'docker push registry/app:abc'
 */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'docker': {
      const env = Object.entries(step.env ?? {}).map(([name, value]) => `${name}=${shellWord(value)} `);
      const stdin = step.stdin === undefined ? '' : ` <<< (${step.stdin} from ECR GetAuthorizationToken)`;
      return `${env.join('')}docker ${step.args.map(shellWord).join(' ')}${stdin}`;
    }
    case 'aws':
      return `${step.call.service} ${step.call.command} ${JSON.stringify(step.call.input)}`;
    case 'wait':
      return `Lambda waitUntil${step.waiter} ${JSON.stringify(step.input)}`;
    case 'claim-api': {
      const { logGroupName, api } = step.input;
      const poll = `${CREATOR_WAIT.pollMs / 1000} s`;
      const limit = `${CREATOR_WAIT.maxMs / 1000} s`;
      return [
        `CloudWatchLogs CreateLogGroup ${JSON.stringify({ logGroupName })} elects the API's creator:`,
        `if it creates the group, ApiGatewayV2 CreateApi ${JSON.stringify(api)};`,
        `if the group exists, ApiGatewayV2 GetApis every ${poll} for up to ${limit} until another deploy's API appears, and CreateApi only if none does;`,
        `then, ${SETTLE_MS / 1000} s later, GetApis again and keep the first created (earliest CreatedDate, then lowest id), DeleteApi <api id> if it is not ours`,
      ].join(' ');
    }
  }
}

/**
 * One read as one line, like {@link describeStep}.
 *
 * @example
 * describeRead({ service: 'STS', command: 'GetCallerIdentity', input: {} }); // 'STS GetCallerIdentity {}'
 */
export function describeRead(read: AwsRead): string {
  return `${read.service} ${read.command} ${JSON.stringify(read.input)}`;
}

/**
 * Numbered lines, one per step, as a dry run prints them.
 *
 * @example
 * formatSteps(steps); // ['   1. BUILDX_NO_DEFAULT_ATTESTATIONS=1 docker build ...', ...]
 */
export function formatSteps(steps: readonly PlanStep[]): string[] {
  return steps.map((step, index) => `${String(index + 1).padStart(4)}. ${describeStep(step)}`);
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
