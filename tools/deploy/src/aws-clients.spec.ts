import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAwsAccess } from './aws-clients';

// The SDK's own region and credential chains read the environment and the shared files; each test
// gives them an environment of its own, with no files and no instance metadata service.
const saved = { ...process.env };
let scratch = '';

function useEnvironment(values: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...values,
  });
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'aws-access-'));
});

afterEach(() => {
  process.env = { ...saved };
  rmSync(scratch, { recursive: true, force: true });
});

describe('resolveAwsAccess', () => {
  it('reports a missing region and missing credentials together', async () => {
    // prepare
    useEnvironment({});

    // act
    const access = await resolveAwsAccess();

    // assess
    expect(access).toEqual({
      missing: ['AWS region: not set (set AWS_REGION, or a region in the AWS profile)', expect.stringMatching(/^AWS credentials: none found \(.+\); set AWS_PROFILE/)],
      region: undefined,
    });
  });

  it('reports missing credentials alone when the region is set, and keeps the region', async () => {
    // prepare
    useEnvironment({ AWS_REGION: 'eu-west-1' });

    // act
    const access = await resolveAwsAccess();

    // assess
    expect(access).toEqual({ missing: [expect.stringMatching(/^AWS credentials: none found/)], region: 'eu-west-1' });
  });

  it('gives clients for the region when the region and credentials are there', async () => {
    // prepare
    useEnvironment({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' });

    // act
    const access = await resolveAwsAccess();

    // assess
    expect('clients' in access && (await access.clients.lambda.config.region())).toBe('eu-west-1');
  });
});
