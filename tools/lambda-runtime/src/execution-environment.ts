import { responseTooLarge, runtimeError, runtimeExited, timedOut, type InvokeResult } from './invoke-result';
import { functionArn, runtimeEnvironment, type LambdaFunction } from './lambda-function';
import type { Runtime, RuntimeLauncher } from './runtime';
import { RuntimeApi, type RuntimeOutcome } from './runtime-api';

/** How an invocation ended, and whether the environment is reset afterwards, as Lambda resets it. */
interface Ending {
  result: InvokeResult;
  reset: boolean;
}

async function within<T>(seconds: number, work: Promise<T>, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), seconds * 1000)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toResult(requestId: string, outcome: RuntimeOutcome): InvokeResult {
  if (outcome.kind === 'response-too-large') return responseTooLarge(requestId);
  return outcome.kind === 'response' ? { requestId, payload: outcome.payload } : runtimeError(requestId, outcome.payload);
}

/**
 * One execution environment: a runtime and the runtime API it polls. It runs one invocation at a
 * time and stays warm between them; an init failure, a timeout or the runtime's exit resets it
 * (it is stopped and takes no more work), as Lambda discards such an environment.
 */
export class ExecutionEnvironment {
  private ended = false;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly fn: LambdaFunction,
    private readonly api: RuntimeApi,
    private readonly runtime: Runtime,
    private readonly initTimeoutSeconds: number,
  ) {
    void runtime.exited.then(() => (this.ended = true));
  }

  /** Starts the runtime API, then the runtime, whose init runs while the first invocation waits. */
  static async start(fn: LambdaFunction, launch: RuntimeLauncher, initTimeoutSeconds: number): Promise<ExecutionEnvironment> {
    const api = await RuntimeApi.start();
    return new ExecutionEnvironment(fn, api, launch(runtimeEnvironment(fn, api.address)), initTimeoutSeconds);
  }

  /** False once the environment was reset or its runtime ended. */
  get usable(): boolean {
    return !this.ended && this.stopped === undefined;
  }

  /**
   * Waits for init, within Lambda's init limit: resolves with the failed invocation `requestId`
   * would be if init failed (the environment is then reset), or undefined once the runtime is ready.
   */
  async initialized(requestId: string): Promise<InvokeResult | undefined> {
    const ending = await this.initEnding(requestId);
    if (ending) void this.stop();
    return ending?.result;
  }

  /** Waits for init (within Lambda's init limit), then runs the invocation within the function timeout. */
  async invoke(requestId: string, payload: Buffer): Promise<InvokeResult> {
    const exited = this.exitEnding(requestId);
    const ending =
      (await this.initEnding(requestId)) ??
      (await within(
        this.fn.timeoutSeconds,
        Promise.race([
          this.api
            .invoke({ requestId, payload, deadlineMs: Date.now() + this.fn.timeoutSeconds * 1000, functionArn: functionArn(this.fn) })
            .then((outcome): Ending => ({ result: toResult(requestId, outcome), reset: false })),
          exited,
        ]),
        (): Ending => ({ result: timedOut(requestId, this.fn.timeoutSeconds), reset: true }),
      ));
    if (ending.reset) void this.stop();
    return ending.result;
  }

  private exitEnding(requestId: string): Promise<Ending> {
    return this.runtime.exited.then((status): Ending => ({ result: runtimeExited(requestId, status), reset: true }));
  }

  private initEnding(requestId: string): Promise<Ending | undefined> {
    return within(
      this.initTimeoutSeconds,
      Promise.race([
        this.api.initialized.then(() => undefined),
        this.api.initFailed.then((error): Ending => ({ result: runtimeError(requestId, error), reset: true })),
        this.exitEnding(requestId),
      ]),
      (): Ending => ({ result: timedOut(requestId, this.initTimeoutSeconds), reset: true }),
    );
  }

  /** Kills the runtime and closes its runtime API; resolves once both are gone. */
  stop(): Promise<void> {
    this.stopped ??= this.runtime.stop().then(() => this.api.close());
    return this.stopped;
  }
}
