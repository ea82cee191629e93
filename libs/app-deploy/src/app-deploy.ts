import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as z from 'zod';
import { parseScheduleExpression, ScheduleExpressionError } from './schedule-expression';

/**
 * API Gateway's cap on an HTTP API integration's timeout, which is also its default: 30 seconds.
 * A function may run longer (`timeoutSeconds` up to 900), but the API answers 504 at this limit.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 *
 * @example
 * const timeoutInMillis = Math.min(app.function.timeoutSeconds * 1000, MAX_INTEGRATION_TIMEOUT_MS);
 */
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

/**
 * An OAuth 2.0 scope as a route requires it (`callbacks:read`): RFC 6749's scope-token, which holds no
 * space, quote or backslash. The deploy prefixes it with the stage's resource server identifier.
 */
const scope = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, 'must be an OAuth 2.0 scope (printable ASCII, no space, quote or backslash)');

/** The stage's HTTP APIs: `api` holds the services' routes, `sites` (its own origin) the user apps' sites. */
export const HTTP_API_NAMES = ['api', 'sites'] as const;
export type HttpApiName = (typeof HTTP_API_NAMES)[number];

/**
 * One route of deploy.json: its route key, the stage API that holds it, and who may call it:
 * `none` (public), or `jwt`, verified by the API's JWT authorizer, with the scopes it requires
 * (the token needs at least one of them, as API Gateway checks `authorizationScopes`).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 *
 * @example
 * const route: AppRoute = { routeKey: 'GET /api/callbacks', api: 'api', authorization: 'jwt', scopes: ['callbacks:read'] };
 */
export const AppRouteSchema = z
  .strictObject({
    routeKey: z.string().min(1),
    api: z.enum(HTTP_API_NAMES).default('api'),
    authorization: z.enum(['none', 'jwt']),
    scopes: z.array(scope).default([]),
  })
  .refine((route) => route.authorization === 'jwt' || route.scopes.length === 0, { message: 'scopes need "authorization": "jwt"', path: ['scopes'] })
  .refine((route) => route.api !== 'sites' || route.authorization === 'none', { message: 'the sites API has no authorizer: its routes are public', path: ['authorization'] });
export type AppRoute = z.infer<typeof AppRouteSchema>;

/**
 * One schedule of deploy.json: a kebab-case name, unique in the app (the handler dispatches on it:
 * `detail.schedule` of the event), and a recurring EventBridge Scheduler expression, `rate()` or
 * AWS's six-field `cron()` in UTC. `nx deploy` makes an EventBridge Scheduler schedule of it, and
 * `npm start` runs it locally.
 *
 * @example
 * const schedule: AppSchedule = { name: 'deliver-due', expression: 'rate(1 minute)' };
 */
export const AppScheduleSchema = z.strictObject({
  name: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters and digits in words joined by single hyphens, starting with a letter'),
  expression: z.string().superRefine((expression, context) => {
    try {
      parseScheduleExpression(expression);
    } catch (error) {
      if (!(error instanceof ScheduleExpressionError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  }),
});
export type AppSchedule = z.infer<typeof AppScheduleSchema>;

const appRelativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !path.split(/[\\/]/).includes('..'), 'must be a path inside the app folder');

/**
 * `apps/<app>/deploy.json`, the parts every tool shares: how the function runs on Lambda (handler
 * module, timeout, memory, environment it needs wherever it runs), the HTTP API routes that reach
 * it (the local gateway), the config variables naming its tables and buckets (local engines), and
 * what its image holds beside the bundle. The deploy tool extends it with its `deploy` section.
 *
 * @example
 * const Schema = AppDeploySchema.extend({ deploy: DeploySectionSchema });
 */
export const AppDeploySchema = z.object({
  function: z.object({
    handler: z.string().regex(/\.ts$/, 'must be the TypeScript module that exports handler'),
    timeoutSeconds: z.number().int().min(1).max(900),
    memoryMB: z.number().int().min(128).max(10_240),
    /** The function's environment variables (Lambda's `Environment.Variables`), beside the app's config. */
    environment: z.record(envName, z.string()).default({}),
  }),
  routes: z.array(AppRouteSchema).min(1),
  /** What runs the function on a schedule, beside its routes. */
  schedules: z
    .array(AppScheduleSchema)
    .default([])
    .superRefine((schedules, context) => {
      for (const [index, { name }] of schedules.entries()) {
        if (schedules.findIndex((schedule) => schedule.name === name) !== index) context.addIssue({ code: 'custom', message: `${name} is declared twice`, path: [index, 'name'] });
      }
    }),
  /** Names of the config variables that hold the app's DynamoDB tables and S3 buckets. */
  resources: z.object({ tables: z.array(envName).default([]), buckets: z.array(envName).default([]) }).default({ tables: [], buckets: [] }),
  /**
   * What the image holds beside the bundle: folders or files of the app, packages it loads at run
   * time, and `builds`, other projects whose build output (`dist/apps/<project>`) it serves, each
   * under its project's name (the web console's static files).
   */
  image: z
    .object({
      files: z.array(appRelativePath).default([]),
      packages: z.array(z.string().min(1)).default([]),
      builds: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be the name of a project under apps/')).default([]),
    })
    .default({ files: [], packages: [], builds: [] }),
});
export type AppDeploy = z.infer<typeof AppDeploySchema>;

/**
 * Reads and validates `apps/<app>/deploy.json` with the shared schema.
 *
 * @example
 * const { function: fn, routes } = readAppDeploy(workspaceRoot, 'callback-service');
 */
export function readAppDeploy(workspaceRoot: string, app: string): AppDeploy {
  const parsed = AppDeploySchema.safeParse(JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'deploy.json'), 'utf8')));
  if (!parsed.success) throw new AppDeployError(app, parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`));
  return parsed.data;
}

/**
 * An app's deploy.json does not fit the schema; the message lists every problem with its path.
 *
 * @example
 * // apps/site/deploy.json is invalid:
 * //   - schedules.0.expression: "rate(0 minutes)": the rate must be at least 1
 */
export class AppDeployError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`apps/${app}/deploy.json is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AppDeployError';
  }
}
