import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import * as z from 'zod';
import { deployApp } from '../src/deploy-app';
import { fakeClock } from '../src/fake-clock';
import { readDeployFile } from '../src/deploy-config';
import { spawnDocker } from '../src/docker';
import { FAKE, fakeAws } from '../src/fake-aws';
import { readGitState } from '../src/git';

// A real deploy of callback-service up to the registry: the executor's own plan builds the image
// from docker/Dockerfile and pushes it, with a real docker, to Debian's docker-registry on a free
// port of 127.0.0.1 standing in for ECR (the fake ECR hands out its address and password); Lambda
// is the fake. Then the image is pulled back from the registry and its handler run. Needs Docker, the
// docker-registry package and the local Lambda base image (tools/lambda-base/build.sh, which this
// builds when its tag is missing).
const workspaceRoot = join(__dirname, '../../..');
const PASSWORD = 'local-registry-password-from-fake-ecr';
// bcrypt of PASSWORD for user AWS (the registry's htpasswd accepts bcrypt only).
const HTPASSWD = 'AWS:$2b$10$MRzJk6ZX0BmPRik9WKu02uV5crHMNvjuWaXOQCliEhH1CtY4HEDg6\n';
const app = 'callback-service';
const secret = 'whsec_bG9jYWwtcmVnaXN0cnktdGVzdC1zZWNyZXQ=';

let registry: ChildProcess | undefined;
let scratch = '';
let baseImage = '';
// A port of this run's own, so that two checkouts can run this suite at once.
let registryHost = '';
let pulled = '';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function registryAnswers(): Promise<number | undefined> {
  return fetch(`http://${registryHost}/v2/`).then(
    (response) => response.status,
    () => undefined,
  );
}

/** A port nothing listens on now: the system's pick for a server that is closed at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  registryHost = `127.0.0.1:${await freePort()}`;
  if (!existsSync('/usr/bin/docker-registry')) throw new Error('docker-registry is not installed: apt-get install -y docker-registry');
  execFileSync('sh', ['tools/lambda-base/build.sh'], { cwd: workspaceRoot, stdio: 'inherit' });
  baseImage = execFileSync('sh', ['tools/lambda-base/tag.sh'], { cwd: workspaceRoot, encoding: 'utf8' }).trim();

  scratch = mkdtempSync(join(tmpdir(), 'registry-'));
  writeFileSync(join(scratch, 'htpasswd'), HTPASSWD);
  writeFileSync(
    join(scratch, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${join(scratch, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "${registryHost}" }`,
      `auth: { htpasswd: { realm: local-registry, path: ${join(scratch, 'htpasswd')} } }`,
      '',
    ].join('\n'),
  );
  registry = spawn('/usr/bin/docker-registry', ['serve', join(scratch, 'config.yml')], { stdio: 'ignore' });
  for (let attempt = 0; (await registryAnswers()) !== 401; attempt += 1) {
    if (attempt === 50 || registry.exitCode !== null) throw new Error(`docker-registry did not start on ${registryHost}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(() => {
  registry?.kill();
  execFileSync('docker', ['logout', registryHost], { stdio: 'ignore' });
  if (pulled !== '') execFileSync('docker', ['image', 'rm', pulled], { stdio: 'ignore' });
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('deploying to a local registry', () => {
  it('builds, logs in, pushes the image tagged with the git sha, and the image pulled back answers like the function', async () => {
    // prepare
    const { sha } = readGitState(workspaceRoot);
    const remote = `${registryHost}/${app}:${sha}`;
    const aws = fakeAws({ repositoryExists: false, fn: null }, { registry: { endpoint: `http://${registryHost}`, password: PASSWORD } });
    const output: string[] = [];

    // act
    const outcome = await deployApp(
      { app, stage: 'prod', deployFile: readDeployFile(join(workspaceRoot, 'apps', app), app), workspace: 'serverless-microservices', dryRun: false, git: { sha, dirty: false }, env: { WEBHOOK_SECRET: secret, AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example', AUTH_AUDIENCE: 'console-client-id' }, baseImage },
      { aws: { clients: aws.clients, region: FAKE.region }, docker: spawnDocker(workspaceRoot), print: (line) => output.push(line), waitLimits: { maxWaitTime: 30 }, sleep: fakeClock().sleep },
    );

    // assess: the registry holds the tag, the function was created from it
    expect(outcome).toMatchObject({ dryRun: false, version: '1', imageUri: remote });
    const tags = z.object({ tags: z.array(z.string()) }).parse(await (await fetch(`http://${registryHost}/v2/${app}/tags/list`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${PASSWORD}`).toString('base64')}` } })).json());
    expect(tags.tags).toEqual([sha]);
    const created = z
      .object({ Code: z.object({ ImageUri: z.string() }), Environment: z.object({ Variables: z.record(z.string(), z.string()) }) })
      .parse(aws.journal.find((entry) => entry.call === 'Lambda.CreateFunction')?.input);
    expect(created.Code.ImageUri).toBe(remote);

    // assess: with its local tag gone, the image comes back from the registry and runs the handler
    // with the environment the function was given (AWS_REGION is Lambda's own). The deploy tagged
    // nothing else, so no image of another checkout on this daemon is touched.
    docker('image', 'rm', remote);
    docker('pull', '--quiet', remote);
    pulled = remote;
    const variables = Object.entries({ ...created.Environment.Variables, AWS_REGION: FAKE.region }).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
    const invoke = [
      "let input = '';",
      "process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {",
      '  const { event, context } = JSON.parse(input);',
      // JSON carries the context's fields, not its one method.
      "  const { handler } = await import(process.env.LAMBDA_TASK_ROOT + '/main.mjs');",
      '  const result = await handler(event, { ...context, getRemainingTimeInMillis: () => 3000 });',
      '  console.log(JSON.stringify(result));',
      '});',
    ].join('\n');
    const answer = execFileSync('docker', ['run', '--rm', '-i', '--network', 'none', ...variables, '--entrypoint', '/var/lang/bin/node', remote, '-e', invoke], {
      input: JSON.stringify({ event: buildHttpApiEvent({ method: 'GET', path: '/health' }), context: buildLambdaContext() }),
      encoding: 'utf8',
    });
    const response = z.object({ statusCode: z.number(), body: z.string() }).parse(JSON.parse(answer.trim().split('\n').at(-1) ?? ''));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ version: sha });
    expect(output.join('\n')).not.toContain(PASSWORD);
  }, 900_000);
});
