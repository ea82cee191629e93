import { join } from 'node:path';
import { spawnPrinting, type ExitStatus } from './printing-process';

const START_TIMEOUT_MS = 45_000;
/** How long the stack has to shut down after SIGTERM before SIGKILL ends it (its engines follow it). */
const STOP_GRACE_MS = 15_000;

/** The local-only secret end-to-end tests sign with; never a deployed one. */
export const E2E_WEBHOOK_SECRET = 'whsec_ZTJlLXRlc3Qtc2VjcmV0LWtleS0xMjM0NTY3OA==';

export interface LocalStackProcess {
  url: string;
  /** The sites API's origin (user apps at `/<name>/`). */
  sitesUrl: string;
  /** The development token the stack printed (user `developer`, every scope). */
  devToken: string;
  /**
   * A token from the stack's local OpenID provider (its JSON development grant) for `sub` with
   * `scopes`, as scripts get one.
   */
  token(sub: string, scopes: readonly string[]): Promise<string>;
  /** The stack's own process: the gateway and the functions (the storage engines are its children). */
  pid: number;
  /** Everything the stack printed, for a failure message. */
  output(): string;
  /**
   * Resolves with the first match of `pattern` (without the `g` flag) in what the stack prints from
   * now on, or rejects if the stack exits first.
   */
  waitForOutput(pattern: RegExp): Promise<RegExpExecArray>;
  /** Settles when the process exits, however it ends. */
  exited: Promise<ExitStatus>;
  /** Sends `signal` (SIGKILL to crash it, with no chance to clean up) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** How the process ended, or undefined while it runs: a crash shows here, not only as refused connections. */
  exitStatus(): ExitStatus | undefined;
  /** Sends SIGTERM and waits for the exit; SIGKILL follows if the stack has not exited 15 s later. */
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry point as a user would, in its own process: the services behind one local
 * gateway on a free 127.0.0.1 port, their embedded engines' data in `dataDir`. Resolves once it
 * prints its URL; fails, with its output, if it does not within 45 s. tsx runs as a loader in that
 * very process (`node --import tsx`, not tsx's CLI, which would put a process of its own in
 * between), so `pid` and `kill` reach the stack itself.
 *
 * @example
 * const stack = await startLocalStackProcess({ workspaceRoot, dataDir: mkdtempSync(join(tmpdir(), 'e2e-')) });
 * await fetch(`${stack.url}/api/callbacks`);
 * await stack.stop();
 */
export async function startLocalStackProcess(options: { workspaceRoot: string; dataDir: string }): Promise<LocalStackProcess> {
  const child = spawnPrinting(process.execPath, ['--import', join(options.workspaceRoot, 'node_modules/tsx/dist/loader.mjs'), 'tools/local/src/start.ts'], {
    cwd: options.workspaceRoot,
    env: {
      PATH: process.env.PATH,
      TSX_TSCONFIG_PATH: 'tsconfig.base.json',
      PORT: '0',
      LOCAL_DATA_DIR: options.dataDir,
      LOG_LEVEL: 'WARN',
      WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      ALLOW_UNSIGNED_CALLBACKS: 'true',
    },
  });
  const kill = (signal: NodeJS.Signals) => child.kill(signal);
  // SIGTERM lets the stack finish what is in flight and close its engines; one stuck at that gets SIGKILL.
  const stop = () => child.kill('SIGTERM', STOP_GRACE_MS);
  try {
    const [, url = '', sitesUrl = '', devToken = ''] = await child.waitForOutput(
      /Local gateway listening on (http:\/\/127\.0\.0\.1:\d+)[^]*?Sites \(user apps, their own origin\) on (http:\/\/127\.0\.0\.1:\d+)[^]*?export TOKEN=(\S+)/,
      { from: 0, timeoutMs: START_TIMEOUT_MS },
    );
    const token = async (sub: string, scopes: readonly string[]) => {
      const response = await fetch(`${url}/local-auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, scope: scopes.join(' ') }) });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || body.access_token === undefined) throw new Error(`the local OpenID provider refused a token for ${sub}: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    };
    return {
      url,
      sitesUrl,
      devToken,
      token,
      pid: child.pid,
      output: child.output,
      waitForOutput: (pattern) => child.waitForOutput(pattern),
      exited: child.exited,
      kill,
      exitStatus: child.exitStatus,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`the local stack did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
