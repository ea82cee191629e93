import { resolve } from 'node:path';
import { loadConfig } from '@sm/config';
import { ReactAppManagerConfigSchema } from './config';

const storage = { APPS_TABLE: 'react-apps', SITES_BUCKET: 'react-app-sites', AWS_REGION: 'eu-west-1' };
const load = (env: Record<string, string>) =>
  loadConfig(ReactAppManagerConfigSchema, { service: 'react-app-manager', env: { ...storage, ...env }, envFile: '/nonexistent/.env' });

describe('react-app-manager config', () => {
  it('starts from the repository’s templates and React, and the local integration-service', () => {
    const config = load({});

    expect(config).toMatchObject({
      INTEGRATION_SERVICE_URL: 'http://127.0.0.1:3000',
      TEMPLATES_DIR: resolve(__dirname, '../templates'),
      REACT_RESOLVE_DIR: resolve(__dirname, '..'),
      BUILD_TIME_LIMIT_MS: 5000,
      BUILD_CONCURRENCY: 2,
      BUILD_MEMORY_LIMIT_MB: 512,
      BUILD_QUEUE_LIMIT: 8,
      EVENTS_DEADLINE_MS: 2000,
    });
  });

  it('takes the folders of a Lambda image, made absolute', () => {
    const config = load({ TEMPLATES_DIR: '/var/task/templates', REACT_RESOLVE_DIR: 'task' });

    expect(config.TEMPLATES_DIR).toBe('/var/task/templates');
    expect(config.REACT_RESOLVE_DIR).toBe(resolve('task'));
  });

  it('needs its table, its bucket and a region, with no default', () => {
    expect(() => loadConfig(ReactAppManagerConfigSchema, { service: 'react-app-manager', env: {}, envFile: '/nonexistent/.env' })).toThrow(
      /3 problems[\s\S]*APPS_TABLE[\s\S]*SITES_BUCKET[\s\S]*AWS_REGION/,
    );
  });

  it('lists every invalid variable at once', () => {
    expect(() => load({ INTEGRATION_SERVICE_URL: 'ftp://x', BUILD_TIME_LIMIT_MS: '60000', EVENTS_DEADLINE_MS: 'soon' })).toThrow(
      /3 problems[\s\S]*INTEGRATION_SERVICE_URL[\s\S]*BUILD_TIME_LIMIT_MS[\s\S]*EVENTS_DEADLINE_MS/,
    );
  });
});
