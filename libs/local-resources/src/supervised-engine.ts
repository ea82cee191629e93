import { startEngineProcess, type EngineExit, type EngineName, type EngineProcess } from '@sm/local-aws';

/** Where a supervisor reports restarts and its giving up; `console` fits. */
export interface StorageLogger {
  info(message: string): void;
  error(message: string): void;
}

/** How many unexpected exits a supervisor restarts within a window before it gives up. */
export interface RestartBudget {
  restarts: number;
  windowMs: number;
}

/** 5 restarts in 60 s: a crash now and then is restarted, a crash loop stops the stack. */
export const DEFAULT_RESTART_BUDGET: RestartBudget = { restarts: 5, windowMs: 60_000 };

/** Thrown (through `onGiveUp`) when an engine keeps exiting or cannot start again. */
export class EngineSupervisionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EngineSupervisionError';
  }
}

/** An engine kept running: its endpoint never changes, its process may. */
export interface SupervisedEngine {
  name: EngineName;
  endpoint: string;
  /** The pid of the engine's current process. */
  pid(): number;
  /** Stops supervising, then the engine. */
  close(): Promise<void>;
}

export interface SuperviseOptions {
  name: EngineName;
  path: string;
  logger: StorageLogger;
  budget?: RestartBudget;
  /** Called once when the engine cannot be kept running; the caller stops everything that uses it. */
  onGiveUp(error: EngineSupervisionError): void;
}

/**
 * Starts an engine in its own process and restarts it, on the same port and data folder, whenever it
 * exits unexpectedly, so its clients reconnect to the same endpoint; an exit while it is down costs
 * the requests in flight a 503, not the stack. Past the restart budget, or when a restart fails, it
 * gives up once through `onGiveUp`.
 *
 * @example
 * const dynamo = await superviseEngine({ name: 'dynamodb', path: '.data/dynamodb', logger: console, onGiveUp: (error) => stop(error) });
 */
export async function superviseEngine(options: SuperviseOptions): Promise<SupervisedEngine> {
  const budget = options.budget ?? DEFAULT_RESTART_BUDGET;
  const { logger, name } = options;
  let current = await startEngineProcess({ name, path: options.path });
  const { port, endpoint } = current;
  logger.info(`Storage engine ${name} (pid ${current.pid}) listening on ${endpoint}`);
  const restarts: number[] = [];
  let closing = false;

  const watch = (engine: EngineProcess) => {
    void engine.exited.then((exit) => {
      if (!closing) void restart(engine, exit);
    });
  };
  const restart = async (engine: EngineProcess, exit: EngineExit) => {
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] ?? now) <= now - budget.windowMs) restarts.shift();
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    if (restarts.length > budget.restarts) {
      giveUp(`Storage engine ${name} exited ${restarts.length} times within ${budget.windowMs / 1000} s (the last by ${how}); stopping.`);
      return;
    }
    logger.error(`Storage engine ${name} (pid ${engine.pid}) exited unexpectedly (${how}); restarting it on ${endpoint} (${restarts.length} of ${budget.restarts} in ${budget.windowMs / 1000} s)`);
    try {
      const next = await startEngineProcess({ name, path: options.path, port });
      if (closing) {
        await next.close();
        return;
      }
      current = next;
      logger.info(`Storage engine ${name} (pid ${current.pid}) listening on ${endpoint}`);
      watch(current);
    } catch (error) {
      giveUp(`Storage engine ${name} could not be restarted on ${endpoint}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  };
  const giveUp = (message: string, cause?: unknown) => {
    closing = true;
    logger.error(message);
    options.onGiveUp(new EngineSupervisionError(message, cause === undefined ? undefined : { cause }));
  };

  watch(current);
  return {
    name,
    endpoint,
    pid: () => current.pid,
    close: async () => {
      closing = true;
      await current.close();
    },
  };
}
