import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppDeploySchema, deployedScheduleName, type AppRoute, type AppSchedule } from '@sm/app-deploy';
import * as z from 'zod';
import { DeployConfigError } from './errors';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const environment = z.record(envName, z.string());
const memoryMB = z.number().int().min(128).max(10_240);
const timeoutSeconds = z.number().int().min(1).max(900);
const roleArn = z.string().min(1);
const FunctionUrlSchema = z.strictObject({ authType: z.enum(['NONE', 'AWS_IAM']) });

/** What one stage changes; environment entries are merged over the app's, the rest replaces. */
const StageSchema = z.strictObject({
  memoryMB: memoryMB.optional(),
  timeoutSeconds: timeoutSeconds.optional(),
  roleArn: roleArn.optional(),
  functionUrl: FunctionUrlSchema.nullable().optional(),
  environment: environment.default({}),
});

const DeploySectionSchema = z.strictObject({
  $comment: z.string().optional(),
  architecture: z.enum(['x86_64', 'arm64']),
  /** The execution role; `${account}`, `${stage}` and `${app}` are filled in. */
  roleArn: roleArn.optional(),
  /** A Function URL on the alias `live` besides the stage's HTTP API; none unless asked for. */
  functionUrl: FunctionUrlSchema.nullable().default(null),
  environment: environment.default({}),
  /** Variables whose values come from the deploying environment (secrets, per-account URLs); never stored here. */
  fromEnvironment: z.array(envName).default([]),
  stages: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'must be a short lower-case stage name'), StageSchema),
});

/** `apps/<app>/deploy.json`: the parts every tool shares, and the deploy's own section. */
const AppDeployFileSchema = AppDeploySchema.extend({ deploy: DeploySectionSchema });

/** A Function URL's auth type (`NONE` is public; `AWS_IAM` needs SigV4-signed requests). */
export type FunctionUrl = z.infer<typeof FunctionUrlSchema>;
/** Lambda's instruction set architecture. */
export type Architecture = z.infer<typeof DeploySectionSchema>['architecture'];

/** One app's function on one stage, with every value from deploy.json resolved. */
export interface FunctionDeployment {
  app: string;
  stage: string;
  functionName: string;
  repositoryName: string;
  architecture: Architecture;
  memoryMB: number;
  timeoutSeconds: number;
  /** Undefined when neither the stage nor the app names one. */
  roleArn: string | undefined;
  functionUrl: FunctionUrl | null;
  /** The HTTP API routes that reach this function (`GET /api/x`), each on its API with its authorization. */
  routes: AppRoute[];
  /** The schedules that invoke this function (each an EventBridge Scheduler schedule). */
  schedules: AppSchedule[];
  /**
   * Literal variables from deploy.json (the image's, the app's, then the stage's); `${apiUrl}`
   * and `${sitesUrl}` stay until the stage's HTTP APIs are known.
   */
  environment: Record<string, string>;
  /** Variables read from the deploying environment at run time. */
  fromEnvironment: string[];
}

/** The alias a deploy moves and a rollback moves back. */
export const LIVE_ALIAS = 'live';

/** Stands for the stage's HTTP API endpoint in deploy.json's environment values. */
export const API_URL_PLACEHOLDER = '${apiUrl}';

/** Stands for the endpoint of the stage's sites API (the user apps' own origin) in deploy.json's environment values. */
export const SITES_URL_PLACEHOLDER = '${sitesUrl}';

/** Set by the deploy itself: the stage issuer's scope prefix, which the http lib puts before each route's scopes. */
export const SCOPE_PREFIX_VARIABLE = 'AUTH_SCOPE_PREFIX';

/** Set by the deploy itself: the git sha of the image. */
export const VERSION_VARIABLE = 'APP_VERSION';

// Lambda rejects these keys (it sets them itself), and the deploy owns APP_VERSION.
const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', VERSION_VARIABLE, SCOPE_PREFIX_VARIABLE,
]);

const deploySets: Record<string, string> = { [VERSION_VARIABLE]: 'the deploy (the git sha)', [SCOPE_PREFIX_VARIABLE]: 'the deploy (from the deploying environment)' };

const PLACEHOLDER = /\$\{([^}]*)\}/g;

// HTTP API route keys: the method (or ANY) and a path, or $default.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
const ROUTE_KEY = /^(\$default|(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/\S*)$/;

/**
 * Reads `apps/<app>/deploy.json` as JSON (validation happens in {@link resolveDeployment}).
 *
 * @example
 * const file = readDeployFile('/work/main/apps/callback-service', 'callback-service');
 */
export function readDeployFile(projectRoot: string, app: string): unknown {
  const path = join(projectRoot, 'deploy.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeployConfigError(app, [`${path}: ${error instanceof Error ? error.message : String(error)}`], { cause: error });
  }
}

/**
 * Validates an app's deploy.json and resolves one stage: stage values over the app's, `${stage}` and
 * `${app}` filled in everywhere (`${account}` stays until {@link withAccount}, `${apiUrl}` and
 * `${sitesUrl}` until the plan knows the stage's APIs). Fails with one
 * {@link DeployConfigError} listing every problem.
 *
 * @example
 * const deployment = resolveDeployment('callback-service', readDeployFile(root, 'callback-service'), 'prod');
 * deployment.functionName; // 'callback-service-prod'
 */
export function resolveDeployment(app: string, file: unknown, stage: string): FunctionDeployment {
  const parsed = AppDeployFileSchema.safeParse(file);
  if (!parsed.success) {
    throw new DeployConfigError(app, parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`));
  }
  const { function: fn, resources, deploy } = parsed.data;
  const stageConfig = deploy.stages[stage];
  if (stageConfig === undefined) {
    const known = Object.keys(deploy.stages).join(', ') || 'none';
    throw new DeployConfigError(app, [`deploy.stages: has no stage "${stage}" (known: ${known})`]);
  }

  const problems: string[] = [];
  // The stage's sites API is `<workspace>-<stage>-sites`: a stage `x-sites` would take stage x's.
  for (const name of Object.keys(deploy.stages).filter((candidate) => candidate.endsWith('-sites'))) {
    problems.push(`deploy.stages.${name}: must not end in "-sites" (the name of a stage's sites API)`);
  }
  const fill = (value: string, where: string, later: readonly string[] = ['account']): string =>
    value.replace(PLACEHOLDER, (whole, name: string) => {
      if (name === 'stage') return stage;
      if (name === 'app') return app;
      if (later.includes(name)) return whole;
      problems.push(`${where}: unknown placeholder ${whole} (use ${['stage', 'app', ...later].map((known) => `\${${known}}`).join(', ')})`);
      return whole;
    });

  const literal = { ...fn.environment, ...deploy.environment, ...stageConfig.environment };
  const environmentFilled = Object.fromEntries(Object.entries(literal).map(([key, value]) => [key, fill(value, `environment ${key}`, ['account', 'apiUrl', 'sitesUrl'])]));
  for (const name of [...Object.keys(literal), ...deploy.fromEnvironment]) {
    if (RESERVED_VARIABLES.has(name)) problems.push(`environment ${name}: is set by ${deploySets[name] ?? 'Lambda'}`);
  }
  for (const name of deploy.fromEnvironment) {
    if (name in literal) problems.push(`deploy.fromEnvironment ${name}: also has a literal value in deploy.json`);
  }
  for (const name of [...resources.tables, ...resources.buckets]) {
    if (!(name in literal) && !deploy.fromEnvironment.includes(name)) {
      problems.push(`resources ${name}: no value for stage ${stage} (add it to deploy.environment or deploy.fromEnvironment)`);
    }
  }
  for (const [index, { routeKey, api }] of parsed.data.routes.entries()) {
    if (!ROUTE_KEY.test(routeKey)) problems.push(`routes ${routeKey}: not an HTTP API route key ("$default" or "<METHOD> /<path>")`);
    if (parsed.data.routes.findIndex((route) => route.routeKey === routeKey && route.api === api) !== index) problems.push(`routes ${routeKey}: listed twice`);
  }
  const role = stageConfig.roleArn ?? deploy.roleArn;
  const deployment: FunctionDeployment = {
    app,
    stage,
    functionName: `${app}-${stage}`,
    repositoryName: app,
    architecture: deploy.architecture,
    memoryMB: stageConfig.memoryMB ?? fn.memoryMB,
    timeoutSeconds: stageConfig.timeoutSeconds ?? fn.timeoutSeconds,
    roleArn: role === undefined ? undefined : fill(role, 'roleArn'),
    functionUrl: stageConfig.functionUrl === undefined ? deploy.functionUrl : stageConfig.functionUrl,
    routes: parsed.data.routes,
    schedules: parsed.data.schedules,
    environment: environmentFilled,
    fromEnvironment: deploy.fromEnvironment,
  };
  if (deployment.functionName.length > 64) problems.push(`function name ${deployment.functionName}: longer than Lambda's 64 characters`);
  for (const { name } of deployment.schedules) {
    const deployed = deployedScheduleName(app, name);
    if (deployed.length > 64) problems.push(`schedules ${name}: the schedule's name ${deployed} is longer than EventBridge Scheduler's 64 characters`);
  }
  // The role EventBridge Scheduler assumes is scheduler-<function name>; IAM role names stop at 64.
  if (deployment.schedules.length > 0 && `scheduler-${deployment.functionName}`.length > 64) {
    problems.push(`schedules: the scheduler role scheduler-${deployment.functionName} is longer than IAM's 64 characters`);
  }
  if (problems.length > 0) throw new DeployConfigError(app, problems);
  return deployment;
}

/**
 * Fills `${account}` in the role and the environment, once the caller's account is known
 * (`<account>` in a dry run without credentials).
 *
 * @example
 * withAccount(deployment, '123456789012').roleArn; // 'arn:aws:iam::123456789012:role/lambda-callback-service-prod'
 */
export function withAccount(deployment: FunctionDeployment, account: string): FunctionDeployment {
  const fill = (value: string): string => value.replaceAll('${account}', account);
  return {
    ...deployment,
    roleArn: deployment.roleArn === undefined ? undefined : fill(deployment.roleArn),
    environment: Object.fromEntries(Object.entries(deployment.environment).map(([key, value]) => [key, fill(value)])),
  };
}
