import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is kept, so a caller can wait for a line and show it all on failure. */
export interface PrintingProcess {
  pid: number;
  /** What it printed, on stdout and stderr (the last `outputTailChars` of it). */
  output(): string;
  /**
   * Resolves with the first match of `pattern` (without the `g` flag) in what it prints from now on
   * (or from `from`, an offset in `output()`); rejects if it exits first, or after `timeoutMs`.
   */
  waitForOutput(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** Settles when the process exits, however it ends. */
  exited: Promise<ExitStatus>;
  /** How it ended, or undefined while it runs. */
  exitStatus(): ExitStatus | undefined;
  /** Sends `signal` and waits for the exit; SIGKILL follows after `killAfterMs`, when given. */
  kill(signal: NodeJS.Signals, killAfterMs?: number): Promise<void>;
}

/**
 * Spawns a child with piped output and keeps what it prints: the one way the tests and benchmarks
 * start a server process and wait for its ready line.
 *
 * @example
 * const server = spawnPrinting(process.execPath, ['server.js'], { cwd, env: { PATH: process.env.PATH } });
 * const [, url] = await server.waitForOutput(/listening on (\S+)/, { from: 0, timeoutMs: 30_000 });
 * await server.kill('SIGTERM');
 */
export function spawnPrinting(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; outputTailChars?: number },
): PrintingProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Offsets into `output` stay valid while nothing is dropped; a tail keeps a long-running child's memory flat.
  let dropped = 0;
  const printed = new EventEmitter();
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      printed.emit('exit');
      resolve({ code, signal });
    });
    // A command that cannot start emits `error` and no `exit`.
    child.once('error', () => {
      printed.emit('exit');
      resolve({ code: null, signal: null });
    });
  });
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    const excess = output.length - (options.outputTailChars ?? Number.POSITIVE_INFINITY);
    if (excess > 0) {
      output = output.slice(excess);
      dropped += excess;
    }
    printed.emit('output');
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const running = () => child.exitCode === null && child.signalCode === null;

  const waitForOutput = (pattern: RegExp, { from = dropped + output.length, timeoutMs }: { from?: number; timeoutMs?: number } = {}) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(timer);
        printed.off('output', check).off('exit', onExit);
      };
      function check() {
        const match = pattern.exec(output.slice(Math.max(0, from - dropped)));
        if (match) {
          settle();
          resolve(match);
        }
      }
      function onExit() {
        settle();
        reject(new Error(`the process exited before printing ${pattern}:\n${output}`));
      }
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          settle();
          reject(new Error(`the process did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
      }
      printed.on('output', check).once('exit', onExit);
      check();
      if (!running()) onExit();
    });

  const kill = async (signal: NodeJS.Signals, killAfterMs?: number) => {
    if (running()) child.kill(signal);
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  };

  return {
    pid: child.pid ?? 0,
    output: () => output,
    waitForOutput,
    exited,
    exitStatus: () => (running() ? undefined : { code: child.exitCode, signal: child.signalCode }),
    kill,
  };
}
