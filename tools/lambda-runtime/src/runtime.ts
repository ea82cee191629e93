/**
 * A running Lambda runtime (a process or a container) polling one runtime API.
 *
 * @example
 * const runtime = launch({ AWS_LAMBDA_RUNTIME_API: api.address });
 * console.log(await runtime.exited); // "exit status 1"
 */
export interface Runtime {
  /** Resolves when the runtime has ended, with how: `exit status 1`, `signal: killed`. */
  exited: Promise<string>;
  /** Kills the runtime at once, as Lambda resets an environment, and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Starts a runtime with the environment Lambda gives a function's runtime (reserved variables
 * such as `AWS_LAMBDA_RUNTIME_API`, plus the function's own).
 *
 * @example
 * const launch: RuntimeLauncher = processRuntime({ node, taskRoot, handler: 'main.handler' });
 */
export type RuntimeLauncher = (environment: Record<string, string>) => Runtime;

const SIGNALS: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGSEGV: 'segmentation fault' };

/** How Lambda words a runtime's end (Go's `exec.ExitError`): `exit status 1`, `signal: killed`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${SIGNALS[signal] ?? signal}`;
  return `exit status ${code ?? 0}`;
}
