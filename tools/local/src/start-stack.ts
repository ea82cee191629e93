import { readAppDeploy } from '@sm/app-deploy';
import { openStageFrontDoor, type ServedRoute } from '@sm/local-auth';
import { LOCAL_ACCOUNT_ID, type GatewayLogger } from '@sm/local-gateway';
import { createResources, startLocalStorage, type LocalStorage, type ResourceVariables, type StorageLogger } from '@sm/local-resources';
import { API_REFERENCE_PATH, apiReference, serviceDocuments } from './api-reference';
import { startLocalSchedules, systemClock, type LocalSchedule, type ScheduleClock, type ScheduleRunReport } from './local-schedules';
import { readableError } from './readable-error';
import { localResourceNames } from './resource-names';
import { startStackFunction } from './stack';
import { watchAppSources } from './watch-app-sources';

export interface StartStackOptions {
  workspaceRoot: string;
  apps: readonly string[];
  port: number;
  /** The sites API's own listener (user apps on an origin of their own); 0 for any free port. */
  sitesPort: number;
  /** Where the embedded engines keep their data, so it survives restarts. */
  dataDir: string;
  logger: GatewayLogger;
  /** Where the embedded engines' starts, crashes and restarts are reported. */
  storageLogger: StorageLogger;
  /** The stack's config (the real environment over `.env`), which every function is given. */
  environment: Record<string, string | undefined>;
  /**
   * Reload an app when its sources or those of a lib it imports change: only that app's execution
   * environments are replaced; the engines, the gateway and requests in flight are left alone.
   */
  watch?: boolean;
  /** The time the apps' schedules run on; the system's unless a test brings its virtual one. */
  scheduleClock?: ScheduleClock;
}

export interface RunningStack {
  /** The services' API (and, under /local-auth, the local OpenID provider). */
  url: string;
  /** The sites API: every user app at `/<name>/`, on an origin of its own. */
  sitesUrl: string;
  /** The local OpenID provider's issuer, which the API's JWT authorizer trusts. */
  issuer: string;
  /** The API reference page (Swagger UI over every served service's OpenAPI document), on the services API's port. */
  apiReferenceUrl: string;
  /** The index of the served services' OpenAPI documents: JSON, `[{ service, url }]`. */
  apiIndexUrl: string;
  /** Every route the gateway serves, on which API, reaching which app, with its authorization. */
  routes: ServedRoute[];
  /** Every schedule the stack runs, with its app. */
  schedules: LocalSchedule[];
  /** A token for the development user with every scope the apps' routes name, valid for 12 hours. */
  devToken: { accessToken: string; expiresIn: number; sub: string; scopes: string[] };
  /**
   * Settles if an embedded engine keeps crashing and is no longer restarted: the stack would be
   * half-working from then on, so the caller stops it. Never settles with configured endpoints.
   */
  failed: Promise<Error>;
  /** Stops the gateway, then the embedded engines. */
  close(): Promise<void>;
}

/**
 * Listens first, so that with port 0 the real port is known before the apps' composition roots
 * run: the services call each other through the gateway's URL. Then the embedded engines start
 * (unless endpoints are configured), the apps' tables and buckets are created, and only then are
 * the apps started, as Lambda initialises a function after its resources exist. Each app runs in
 * execution environments of its own (worker threads) configured with the stack's config and the
 * engines' endpoints: this process's environment is left as it is. Should one app's init fail, the
 * first such error is thrown, once, after everything started is stopped.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const door = await openStageFrontDoor({
    port: options.port,
    sitesPort: options.sitesPort,
    dataDir: options.dataDir,
    routes: options.apps.flatMap((app) => readAppDeploy(options.workspaceRoot, app).routes),
  });
  const { url } = door;
  try {
    door.mount(API_REFERENCE_PATH, apiReference(serviceDocuments(options.workspaceRoot, options.apps, url)));
  } catch (error) {
    await door.close();
    throw error;
  }
  const config = { CALLBACK_SERVICE_URL: url, INTEGRATION_SERVICE_URL: url, ...door.environment, ...definedOnly(options.environment) };
  const { storage, environment } = await provideStorage(options, config).catch(async (error: unknown) => {
    await door.close();
    throw error;
  });
  const started = await Promise.allSettled(
    options.apps.map((app) =>
      startStackFunction({
        workspaceRoot: options.workspaceRoot,
        app,
        environment,
        region: environment.AWS_REGION ?? 'us-east-1',
        onCrash: (name, error) => options.logger.error(`${name}: uncaught ${error.name}; its execution environment was reset`, { error: error.stack ?? error.message }),
      }),
    ),
  );
  const functions = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  const closeFunctions = () => Promise.all(functions.map((stackFunction) => stackFunction.close()));
  if (failure) {
    await Promise.all([closeFunctions(), door.close()]);
    await storage?.close();
    throw failure.reason;
  }
  const routes = door.serve(functions, options.logger);
  const watcher = options.watch ? watchAppSources({ workspaceRoot: options.workspaceRoot, apps: options.apps, onChange: (apps) => apps.forEach(reload) }) : undefined;
  function reload(app: string): void {
    const stackFunction = functions.find((candidate) => candidate.fn.name === app);
    options.logger.info(`${app}: sources changed, reloading`, {});
    stackFunction?.reload().then(
      () => options.logger.info(`${app}: reloaded`, {}),
      // The old code keeps serving: a typo should not take the app down while it is being fixed.
      (error: unknown) => options.logger.error(`${app}: reload failed, still serving the previous code:\n${readableError(error)}`, {}),
    );
  }
  const devToken = await door.devToken();
  const schedules = functions.flatMap((stackFunction) => stackFunction.schedules.map(({ name, expression }) => ({ app: stackFunction.fn.name, name, expression })));
  // A schedule invokes the app through its reloadable pool, so it follows each reload as requests do.
  const running = startLocalSchedules({
    schedules,
    invoke: (app, event) => {
      const target = functions.find((candidate) => candidate.fn.name === app);
      return target === undefined ? Promise.reject(new Error(`no function ${app}`)) : target.invoke(event);
    },
    target: { account: LOCAL_ACCOUNT_ID, region: environment.AWS_REGION ?? 'us-east-1' },
    clock: options.scheduleClock ?? systemClock,
    onRun: (report) => logScheduleRun(options.logger, report),
  });
  return {
    url,
    sitesUrl: door.sitesUrl,
    issuer: door.issuer,
    apiReferenceUrl: `${url}${API_REFERENCE_PATH}/`,
    apiIndexUrl: `${url}${API_REFERENCE_PATH}/services.json`,
    routes,
    schedules,
    devToken,
    failed: storage?.failed ?? new Promise<Error>(() => undefined),
    close: async () => {
      watcher?.close();
      // No new run starts from here; one in flight ends with its function's environments.
      const schedulesStopped = running.close();
      await door.close();
      await closeFunctions();
      await schedulesStopped;
      await storage?.close();
    },
  };
}

/** One line per scheduled time: the schedule, its app, when it was due, and how the run went. */
function logScheduleRun(logger: GatewayLogger, report: ScheduleRunReport): void {
  const { app, schedule, scheduledTime } = report;
  if (report.outcome === 'skipped') return logger.info('schedule', { schedule, app, scheduledTime, outcome: 'skipped', reason: report.reason });
  const fields = { schedule, app, scheduledTime, durationMs: report.durationMs, outcome: report.outcome };
  if (report.outcome === 'succeeded') return logger.info('schedule', fields);
  logger.error('schedule', { ...fields, error: report.error });
}

function definedOnly(environment: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The embedded engines, with data under `dataDir`, unless both endpoints are configured: then only
 * the apps' tables and buckets are created there. The functions' environment gets the engines'
 * endpoints and their own key pair, and loses any session or profile, so real credentials never
 * go to them.
 */
async function provideStorage(
  options: StartStackOptions,
  stackConfig: Record<string, string>,
): Promise<{ storage?: LocalStorage; environment: Record<string, string> }> {
  const declared = options.apps.map((app) => readAppDeploy(options.workspaceRoot, app).resources);
  const resources: ResourceVariables = { tables: declared.flatMap((r) => r.tables), buckets: declared.flatMap((r) => r.buckets) };
  // A table or bucket the config names nowhere gets a local name, so a new app needs no .env entry.
  const config = { ...localResourceNames(resources), ...stackConfig };
  if (config.DYNAMODB_ENDPOINT && config.S3_ENDPOINT) {
    const target = { region: config.AWS_REGION ?? 'us-east-1', dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT };
    await createResources(target, resources, config);
    return { environment: config };
  }
  const storage = await startLocalStorage(options.dataDir, resources, config, { logger: options.storageLogger });
  const environment = { ...config, ...storage.environment };
  delete environment.AWS_SESSION_TOKEN;
  delete environment.AWS_PROFILE;
  return { storage, environment };
}
