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

/** How the init phase ended, whichever invocation waits for it. */
type InitOutcome = { kind: 'ready' } | { kind: 'failed'; error: Buffer } | { kind: 'exited'; status: string };

/**
 * One execution environment: a runtime and the runtime API it polls. It runs one invocation at a
 * time and stays warm between them; an init failure, a timeout or the runtime's exit resets it
 * (it is stopped and takes no more work), as Lambda discards such an environment.
 *
 * A warm environment lives for hours and the runtime's end stays pending all that while: every
 * `then` on it (a `Promise.race` included) would be held until then. So the environment waits on
 * that end, and on the init's, once; an invocation is told of an exit through `interrupt`, which it
 * clears when it ends.
 */
export class ExecutionEnvironment {
  private exitStatus: string | undefined;
  private interrupt: ((status: string) => void) | undefined;
  private stopped: Promise<void> | undefined;
  private readonly init: Promise<InitOutcome>;

  private constructor(
    private readonly fn: LambdaFunction,
    private readonly api: RuntimeApi,
    private readonly runtime: Runtime,
    private readonly initTimeoutSeconds: number,
  ) {
    const exited = runtime.exited.then((status) => {
      this.exitStatus = status;
      this.interrupt?.(status);
      return status;
    });
    this.init = Promise.race([
      api.initialized.then((): InitOutcome => ({ kind: 'ready' })),
      api.initFailed.then((error): InitOutcome => ({ kind: 'failed', error })),
      exited.then((status): InitOutcome => ({ kind: 'exited', status })),
    ]);
  }

  /** Starts the runtime API, then the runtime, whose init runs while the first invocation waits. */
  static async start(fn: LambdaFunction, launch: RuntimeLauncher, initTimeoutSeconds: number): Promise<ExecutionEnvironment> {
    const api = await RuntimeApi.start();
    return new ExecutionEnvironment(fn, api, launch(runtimeEnvironment(fn, api.address)), initTimeoutSeconds);
  }

  /** False once the environment was reset or its runtime ended. */
  get usable(): boolean {
    return this.exitStatus === undefined && this.stopped === undefined;
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
    const ending =
      (await this.initEnding(requestId)) ??
      (await within(this.fn.timeoutSeconds, this.run(requestId, payload), (): Ending => ({ result: timedOut(requestId, this.fn.timeoutSeconds), reset: true })));
    if (ending.reset) void this.stop();
    return ending.result;
  }

  /** The invocation's outcome, or the runtime's exit if it comes first. */
  private async run(requestId: string, payload: Buffer): Promise<Ending> {
    const exited = new Promise<Ending>((resolve) => {
      this.interrupt = (status) => resolve({ result: runtimeExited(requestId, status), reset: true });
      if (this.exitStatus !== undefined) this.interrupt(this.exitStatus);
    });
    const answered = this.api
      .invoke({ requestId, payload, deadlineMs: Date.now() + this.fn.timeoutSeconds * 1000, functionArn: functionArn(this.fn) })
      .then((outcome): Ending => ({ result: toResult(requestId, outcome), reset: false }));
    try {
      return await Promise.race([answered, exited]);
    } finally {
      this.interrupt = undefined;
    }
  }

  private initEnding(requestId: string): Promise<Ending | undefined> {
    const ended = this.init.then((outcome): Ending | undefined => {
      if (outcome.kind === 'ready') return undefined;
      if (outcome.kind === 'failed') return { result: runtimeError(requestId, outcome.error), reset: true };
      return { result: runtimeExited(requestId, outcome.status), reset: true };
    });
    return within(this.initTimeoutSeconds, ended, (): Ending => ({ result: timedOut(requestId, this.initTimeoutSeconds), reset: true }));
  }

  /** Kills the runtime and closes its runtime API; resolves once both are gone. */
  stop(): Promise<void> {
    this.stopped ??= this.runtime.stop().then(() => this.api.close());
    return this.stopped;
  }
}
