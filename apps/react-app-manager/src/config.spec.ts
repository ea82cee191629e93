import { resolve } from 'node:path';
import { loadConfig } from '@sm/config';
import { integrationServiceOf, ReactAppManagerConfigSchema } from './config';

const storage = { APPS_TABLE: 'react-apps', SITES_BUCKET: 'react-app-sites', AWS_REGION: 'eu-west-1' };
const load = (env: Record<string, string>) =>
  loadConfig(ReactAppManagerConfigSchema, { service: 'react-app-manager', env: { ...storage, ...env }, envFile: '/nonexistent/.env' });

describe('react-app-manager config', () => {
  it('starts from the repository’s templates and React, the local sites listener and console, and no integration-service', () => {
    const config = load({});

    expect(config.INTEGRATION_SERVICE_URL).toBeUndefined();
    expect(config).toMatchObject({
      SITES_URL: 'http://127.0.0.1:3001',
      CONSOLE_ORIGIN: 'http://127.0.0.1:3000',
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
      /3 problems[\s\S]*AWS_REGION[\s\S]*APPS_TABLE[\s\S]*SITES_BUCKET/,
    );
  });

  it('takes the sites and console origins, without a trailing slash', () => {
    const config = load({ SITES_URL: 'https://sites.example.com/', CONSOLE_ORIGIN: 'https://abc123.execute-api.eu-west-1.amazonaws.com' });

    expect(config.SITES_URL).toBe('https://sites.example.com');
    expect(config.CONSOLE_ORIGIN).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
  });

  it.each(['https://sites.example.com/prod', 'https://sites.example.com/?x=1', 'sites.example.com', 'ftp://sites.example.com'])('refuses %s as the sites origin', (url) => {
    expect(() => load({ SITES_URL: url })).toThrow(/SITES_URL/);
  });

  it('needs the client credentials when it is to call the integration-service, naming each missing one', () => {
    expect(() => load({ INTEGRATION_SERVICE_URL: 'https://api.example.com', AUTH_CLIENT_ID: 'react-app-manager' })).toThrow(
      /2 problems[\s\S]*AUTH_TOKEN_URL: is required when INTEGRATION_SERVICE_URL is set[\s\S]*AUTH_CLIENT_SECRET/,
    );
  });

  it('takes the integration-service with its client credentials', () => {
    const config = load({
      INTEGRATION_SERVICE_URL: 'https://api.example.com',
      AUTH_TOKEN_URL: 'https://auth.example.com/oauth2/token',
      AUTH_CLIENT_ID: 'react-app-manager',
      AUTH_CLIENT_SECRET: 'secret',
      AUTH_SCOPE_PREFIX: 'serverless-microservices/',
    });

    expect(integrationServiceOf(config)).toEqual({
      url: 'https://api.example.com',
      tokenUrl: 'https://auth.example.com/oauth2/token',
      clientId: 'react-app-manager',
      clientSecret: 'secret',
      scope: 'serverless-microservices/events:write',
    });
  });

  it('lists every invalid variable at once', () => {
    expect(() => load({ INTEGRATION_SERVICE_URL: 'ftp://x', BUILD_TIME_LIMIT_MS: '60000', EVENTS_DEADLINE_MS: 'soon' })).toThrow(
      /3 problems[\s\S]*INTEGRATION_SERVICE_URL[\s\S]*BUILD_TIME_LIMIT_MS[\s\S]*EVENTS_DEADLINE_MS/,
    );
  });
});
