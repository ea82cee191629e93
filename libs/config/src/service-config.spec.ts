import * as v from 'valibot';
import { envTableName } from './aws-env';
import { ConfigError, loadConfig } from './load-config';
import { ServiceConfigSchema } from './service-config';

const load = <S extends v.GenericSchema>(schema: S, env: Record<string, string>) => loadConfig(schema, { service: 'svc', env, envFile: '/nonexistent/.env' });

describe('ServiceConfigSchema', () => {
  it('gives a service JSON logs at INFO, no scope prefix and a local version when only the region is set', () => {
    // act
    const config = load(ServiceConfigSchema, { AWS_REGION: 'eu-west-1' });

    // assess
    expect(config).toEqual({ AWS_REGION: 'eu-west-1', LOG_LEVEL: 'INFO', LOG_FORMAT: 'json', AUTH_SCOPE_PREFIX: '', APP_VERSION: '0.0.0-local' });
  });

  it('reads the settings the deploy and the local stack write', () => {
    // act
    const config = load(ServiceConfigSchema, {
      AWS_REGION: 'eu-west-1',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      AUTH_SCOPE_PREFIX: 'serverless-microservices/',
      APP_VERSION: '1.4.0',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
    });

    // assess
    expect(config).toMatchObject({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'pretty', AUTH_SCOPE_PREFIX: 'serverless-microservices/', APP_VERSION: '1.4.0', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567' });
  });

  it("names the base settings' problems beside the app's own in one error", () => {
    // prepare
    const schema = v.object({ ...ServiceConfigSchema.entries, NOTES_TABLE: envTableName });

    // act
    const loading = () => load(schema, { LOG_FORMAT: 'xml', NOTES_TABLE: 'x' });

    // assess
    expect(loading).toThrow(ConfigError);
    expect(loading).toThrow(/AWS_REGION: is required[\s\S]*LOG_FORMAT: must be json or pretty[\s\S]*NOTES_TABLE: must be a DynamoDB table name/);
  });

  it('names the level it expected for an unknown LOG_LEVEL', () => {
    // act
    const loading = () => load(ServiceConfigSchema, { AWS_REGION: 'eu-west-1', LOG_LEVEL: 'loud' });

    // assess
    expect(loading).toThrow('LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT');
  });
});
