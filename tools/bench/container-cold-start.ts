import { execFileSync, spawnSync } from 'node:child_process';
import { readAppDeploy } from '@sm/app-deploy';
import { containerRuntime, createFunctionPool } from '@sm/lambda-runtime';
import { buildHttpApiEvent, median, percentile } from '@sm/testing';
import { lambdaBenchEnv, WORKSPACE_ROOT } from './workspace';
import type { Distribution } from './cold-start';

/** Few samples: each is a container started from scratch (a second or more each). */
export const CONTAINER_COLD_RUNS = 5;

export type ContainerColdStart = { app: string; image: string; cold: Distribution } | { app: string; image: string; notMeasured: string };

const HEALTH_EVENT = JSON.stringify(buildHttpApiEvent({ method: 'GET', path: '/health', routeKey: 'GET /health' }));

/** This checkout's image of the app, as `nx run <app>:container` tags it. */
function imageOf(app: string): string {
  return execFileSync('sh', ['tools/containers/image-tag.sh', app], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).trim();
}

/** Why the image cannot be run here, if it cannot: the bench never builds images, so it only measures what is there. */
function unavailable(image: string): string | undefined {
  const inspect = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { encoding: 'utf8' });
  if (inspect.error) return 'no docker command';
  if (inspect.status === 0) return undefined;
  return /daemon/i.test(inspect.stderr) ? 'no Docker daemon' : `no image ${image}`;
}

/**
 * Cold start in the app's container, beside the in-process figure: a fresh container per sample,
 * timed from the invoke (the runtime API emulator hands it the event) to the result, so it
 * includes the container's start and the runtime client's own init. The image must already exist
 * (`npx nx run <app>:container -c local`); without it, or without Docker, the app is reported as
 * not measured.
 */
export async function measureContainerColdStart(app: string, runs = CONTAINER_COLD_RUNS): Promise<ContainerColdStart> {
  const image = imageOf(app);
  const reason = unavailable(image);
  if (reason) return { app, image, notMeasured: reason };
  const { timeoutSeconds, memoryMB } = readAppDeploy(WORKSPACE_ROOT, app).function;
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const pool = createFunctionPool({
      name: app,
      timeoutSeconds,
      memoryMB,
      region: 'us-east-1',
      environment: lambdaBenchEnv(app),
      maxConcurrency: 1,
      launch: containerRuntime({ image }),
    });
    try {
      const started = performance.now();
      const result = await pool.invoke(HEALTH_EVENT);
      samples.push(performance.now() - started);
      if (result.functionError) throw new Error(`${app}: GET /health failed in the container: ${result.payload.toString('utf8')}`);
    } finally {
      await pool.close();
    }
  }
  return { app, image, cold: { medianMs: median(samples), p90Ms: percentile(samples, 90) } };
}
