/**
 * An app's deploy.json does not describe a deployable function for the stage asked for.
 *
 * @example
 * throw new DeployConfigError('callback-service', ['stages: has no stage "qa" (known: dev, prod)']);
 */
export class DeployConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`${app}: deploy.json is not deployable:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, options);
    this.name = 'DeployConfigError';
  }
}

/**
 * A real deploy or rollback cannot start: every missing precondition (credentials, region, role,
 * variables from the environment, a clean work tree) is listed at once, and nothing was done.
 *
 * @example
 * throw new DeployPreconditionError('deploy callback-service to prod', ['AWS region: not set (set AWS_REGION)']);
 */
export class DeployPreconditionError extends Error {
  constructor(
    readonly action: string,
    readonly missing: readonly string[],
  ) {
    super(`Cannot ${action}; nothing was changed. Missing:\n${missing.map((item) => `  - ${item}`).join('\n')}`);
    this.name = 'DeployPreconditionError';
  }
}

/**
 * One step of a plan failed; the steps after it did not run. `note` says what that left behind
 * (for a deploy: where the alias `live` points, which only the last steps move).
 *
 * @example
 * throw new DeployStepError(7, 15, 'docker push 123.dkr.ecr.eu-west-1.amazonaws.com/app:abc', 'The alias live was not moved from version 4.', { cause });
 */
export class DeployStepError extends Error {
  constructor(
    readonly stepNumber: number,
    readonly stepCount: number,
    readonly step: string,
    note: string,
    options: ErrorOptions,
  ) {
    const { cause } = options;
    const reason = cause instanceof Error ? (cause.name === 'Error' ? cause.message : `${cause.name}: ${cause.message}`) : String(cause);
    super(`step ${stepNumber}/${stepCount} failed: ${step}\n  ${reason}\nThe steps after it did not run. ${note}`.trimEnd(), options);
    this.name = 'DeployStepError';
  }
}

/**
 * A rollback has nowhere to go: no alias `live`, or no published version older than the one it points to.
 *
 * @example
 * throw new NoPreviousVersionError('callback-service-prod', 'live points to version 1, the oldest published version');
 */
export class NoPreviousVersionError extends Error {
  constructor(
    readonly functionName: string,
    readonly reason: string,
  ) {
    super(`Cannot roll back ${functionName}: ${reason}.`);
    this.name = 'NoPreviousVersionError';
  }
}

/**
 * A docker command exited with a non-zero status or could not start.
 *
 * @example
 * throw new DockerCommandError(['push', 'registry/app:abc'], 1);
 */
export class DockerCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    options?: ErrorOptions,
  ) {
    super(`docker ${args.join(' ')} ${exitCode === null ? 'could not run' : `exited with ${exitCode}`}`, options);
    this.name = 'DockerCommandError';
  }
}
