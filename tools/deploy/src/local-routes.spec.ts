import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { readAppDeploy } from '@sm/app-deploy';
import { stageHttpApis, type HttpApiHandler } from '@sm/local-gateway';
import { readDeployFile, resolveDeployment, withAccount } from './deploy-config';
import { planAppRoutes, type HttpApiState } from './http-api';

// `npm start` serves what the deploy creates: the same route keys, each reaching the same app
// through an integration with the same timeout. Both sides are derived from apps/*/deploy.json;
// the local side through stageHttpApi, which the local stack's toHttpApis serves.
const workspaceRoot = join(__dirname, '../../..');
const apps = readdirSync(join(workspaceRoot, 'apps')).filter((app) => existsSync(join(workspaceRoot, 'apps', app, 'deploy.json')));
const StagesSchema = z.object({ deploy: z.object({ stages: z.record(z.string(), z.unknown()) }) });
const stages = [...new Set(apps.flatMap((app) => Object.keys(StagesSchema.parse(readDeployFile(join(workspaceRoot, 'apps', app), app)).deploy.stages)))];
const target = { region: 'eu-west-1', account: '123456789012' };
const firstDeploy: HttpApiState = { name: 'serverless-microservices-stage', logGroupExists: true, api: null };
const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });

interface ServedRoute {
  routeKey: string;
  app: string;
  timeoutInMillis: number | undefined;
}

function servedLocally(): ServedRoute[] {
  const functions = apps.map((app) => {
    const { function: fn, routes } = readAppDeploy(workspaceRoot, app);
    return { fn: { name: app, handler, timeoutSeconds: fn.timeoutSeconds, memoryMB: fn.memoryMB }, routes };
  });
  return stageHttpApis(functions).api.routes.map(({ routeKey, fn, timeoutInMillis }) => ({ routeKey, app: fn.name, timeoutInMillis }));
}

function createdByDeploys(stage: string): ServedRoute[] {
  return apps.flatMap((app) => {
    const deployment = withAccount(resolveDeployment(app, readDeployFile(join(workspaceRoot, 'apps', app), app), stage), target.account);
    const calls = planAppRoutes(deployment, firstDeploy, target, []).flatMap((step) => (step.kind === 'aws' ? [step.call] : []));
    const integration = calls.find((call) => call.command === 'CreateIntegration');
    const timeoutInMillis = integration?.command === 'CreateIntegration' ? integration.input.TimeoutInMillis : undefined;
    return calls.flatMap((call) => (call.command === 'CreateRoute' ? [{ routeKey: call.input.RouteKey ?? '', app, timeoutInMillis }] : []));
  });
}

const byRouteKey = (a: ServedRoute, b: ServedRoute) => a.routeKey.localeCompare(b.routeKey);

describe("the local gateway's routes", () => {
  it.each(stages)('are the routes the deploys of every app create on stage %s, each reaching the same app with the same timeout', (stage) => {
    // act
    const local = servedLocally().sort(byRouteKey);
    const deployed = createdByDeploys(stage).sort(byRouteKey);

    // assess
    expect(apps.length).toBeGreaterThan(1);
    expect(local).toEqual(deployed);
  });
});
