import { join } from 'node:path';
import * as z from 'zod';
import { HTTP_API_NAMES, listApps, readAppDeploy, type HttpApiName } from '@sm/app-deploy';
import { stageHttpApis, type GatewayFunctionHandler } from '@sm/local-gateway';
import { readDeployFile, resolveDeployment, withAccount } from './deploy-config';
import type { HttpApiState } from './http-api';
import { API_TOKENS, type AwsCall } from './plan';
import { planDeploy, type DeployState } from './plan-deploy';

// `npm start` serves what the deploy creates: on each of the stage's APIs the same route keys, each
// reaching the same app through an integration with the same timeout and with the same
// authorization, and the same stage variables. Both sides are derived from apps/*/deploy.json; the
// local side through stageHttpApis, which the local stack serves, the deploy side through the plan
// of a first deploy (scope prefix '', as locally).
const workspaceRoot = join(__dirname, '../../..');
const apps = listApps(workspaceRoot);
const StagesSchema = z.object({ deploy: z.object({ stages: z.record(z.string(), z.unknown()) }) });
const stages = [...new Set(apps.flatMap((app) => Object.keys(StagesSchema.parse(readDeployFile(join(workspaceRoot, 'apps', app), app)).deploy.stages)))];
const account = '123456789012';
const handler: GatewayFunctionHandler<unknown> = async () => ({ statusCode: 200 });
const auth = { issuer: 'https://issuer.example', audience: ['console'], scopePrefix: '' };
const none = (kind: HttpApiName): HttpApiState => ({ kind, name: `serverless-microservices-stage${kind === 'sites' ? '-sites' : ''}`, logGroupExists: false, api: null });
const firstDeploy: DeployState = { account, region: 'eu-west-1', registry: 'registry', repositoryExists: false, existing: null, httpApis: { api: none('api'), sites: none('sites') }, schedules: { group: 'serverless-microservices-stage', groupExists: false, role: null, existing: {} } };

interface ServedRoute {
  routeKey: string;
  app: string;
  timeoutInMillis: number | undefined;
  authorization: { type: 'none' | 'jwt'; scopes: readonly string[] };
}

type ServedApis = Record<HttpApiName, { stageVariables: Record<string, string> | undefined; routes: ServedRoute[] }>;

const byRouteKey = (a: ServedRoute, b: ServedRoute) => a.routeKey.localeCompare(b.routeKey);

function servedLocally(): ServedApis {
  const functions = apps.map((app) => {
    const { function: fn, routes } = readAppDeploy(workspaceRoot, app);
    return { fn: { name: app, handler, timeoutSeconds: fn.timeoutSeconds, memoryMB: fn.memoryMB }, routes };
  });
  const apis = stageHttpApis(functions);
  const served = (kind: HttpApiName) => ({
    stageVariables: apis[kind].stageVariables,
    routes: apis[kind].routes
      .map(({ routeKey, fn, timeoutInMillis, authorization }) => ({ routeKey, app: fn.name, timeoutInMillis, authorization: authorization ?? { type: 'none' as const, scopes: [] } }))
      .sort(byRouteKey),
  });
  return { api: served('api'), sites: served('sites') };
}

function createdByDeploys(stage: string): ServedApis {
  const calls = apps.map((app) => {
    const deployment = withAccount(resolveDeployment(app, readDeployFile(join(workspaceRoot, 'apps', app), app), stage), account);
    return { app, calls: planDeploy(deployment, firstDeploy, { gitSha: 'sha' }, auth).flatMap((step) => (step.kind === 'aws' ? [step.call] : [])) };
  });
  const created = (kind: HttpApiName) => {
    const onApi = (call: AwsCall): boolean => 'ApiId' in call.input && call.input.ApiId === API_TOKENS[kind].id;
    const stage = calls.flatMap(({ calls: made }) => made.flatMap((call) => (call.command === 'CreateStage' && onApi(call) ? [call.input.StageVariables] : [])));
    const routes = calls.flatMap(({ app, calls: made }) => {
      const integration = made.find((call) => call.command === 'CreateIntegration' && onApi(call));
      const timeoutInMillis = integration?.command === 'CreateIntegration' ? integration.input.TimeoutInMillis : undefined;
      return made.flatMap((call): ServedRoute[] => {
        if (call.command !== 'CreateRoute' || !onApi(call)) return [];
        const authorization = call.input.AuthorizationType === 'JWT' ? { type: 'jwt' as const, scopes: call.input.AuthorizationScopes ?? [] } : { type: 'none' as const, scopes: [] };
        return [{ routeKey: call.input.RouteKey ?? '', app, timeoutInMillis, authorization }];
      });
    });
    // Every app's first deploy makes sure of the API, with the same stage variables.
    expect(new Set(stage.map((variables) => JSON.stringify(variables))).size).toBe(1);
    return { stageVariables: stage[0], routes: routes.sort(byRouteKey) };
  };
  return { api: created('api'), sites: created('sites') };
}

describe("the local gateway's routes", () => {
  it.each(stages)(
    'are, on each API, the routes the deploys of every app create on stage %s, each reaching the same app with the same timeout and authorization, with the same stage variables',
    (stage) => {
      // act
      const local = servedLocally();
      const deployed = createdByDeploys(stage);

      // assess
      expect(apps.length).toBeGreaterThan(1);
      expect(HTTP_API_NAMES.filter((kind) => local[kind].routes.length === 0)).toEqual([]);
      expect(local).toEqual(deployed);
    },
  );
});
