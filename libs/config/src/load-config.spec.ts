import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { ConfigError, loadConfig } from './load-config';
import { envBoolean, envHttpUrl, envJson, envPort } from './env-types';

const schema = v.object({
  PORT: v.optional(envPort, '3000'),
  WEBHOOK_SECRET: v.pipe(v.string('is required'), v.minLength(10, 'must have at least 10 characters')),
  ALLOW_UNSIGNED: v.optional(envBoolean, 'false'),
  SUBSCRIBERS: v.optional(envJson(v.array(v.object({ url: envHttpUrl })))),
});

function envFileWith(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'config-')), '.env');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('reads values from the .env file', () => {
    const envFile = envFileWith('WEBHOOK_SECRET=from-the-file-123\nPORT=4000\n');

    const config = loadConfig(schema, { service: 'svc', env: {}, envFile });

    expect(config).toEqual({ PORT: 4000, WEBHOOK_SECRET: 'from-the-file-123', ALLOW_UNSIGNED: false });
  });

  it('never lets the .env file override the real environment', () => {
    const envFile = envFileWith('WEBHOOK_SECRET=from-the-file-123\n');

    const config = loadConfig(schema, { service: 'svc', env: { WEBHOOK_SECRET: 'from-the-env-456' }, envFile });

    expect(config.WEBHOOK_SECRET).toBe('from-the-env-456');
  });

  it('lists every missing or invalid variable in one error', () => {
    const envFile = join(tmpdir(), 'does-not-exist.env');
    const env = { PORT: 'eighty', ALLOW_UNSIGNED: 'maybe', SUBSCRIBERS: '[{"url": 1}' };

    const load = () => loadConfig(schema, { service: 'callback-service', env, envFile });

    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const { issues, message } = error as ConfigError;
      expect(issues.map((issue) => issue.variable).sort()).toEqual(['ALLOW_UNSIGNED', 'PORT', 'SUBSCRIBERS', 'WEBHOOK_SECRET']);
      expect(message).toMatch(/^callback-service: invalid configuration \(4 problems\)/);
      expect(message).toContain('PORT: must be a whole number');
      expect(message).toContain('ALLOW_UNSIGNED: expected true, false, 1 or 0');
      expect(message).toContain('SUBSCRIBERS: is not valid JSON');
      expect(message).toContain('WEBHOOK_SECRET: is required');
    }
  });

  it('names the item and field of a JSON variable that is wrong', () => {
    const env = { WEBHOOK_SECRET: 'secret-secret', SUBSCRIBERS: '[{"url":"http://127.0.0.1:3000/x"},{"url":"ftp://example.com"}]' };

    const load = () => loadConfig(schema, { service: 'svc', env, envFile: '/nonexistent/.env' });

    expect(load).toThrow('SUBSCRIBERS.1.url: must be an http or https URL');
  });

  it('refuses a port out of range', () => {
    const load = () => loadConfig(schema, { service: 'svc', env: { WEBHOOK_SECRET: 'secret-secret', PORT: '70000' }, envFile: '/nonexistent/.env' });

    expect(load).toThrow('PORT: must be at most 65535');
  });

  it('treats an empty variable as unset', () => {
    const load = () => loadConfig(schema, { service: 'svc', env: { WEBHOOK_SECRET: '' }, envFile: '/nonexistent/.env' });

    expect(load).toThrow(/WEBHOOK_SECRET/);
  });

  it('parses JSON variables with their schema', () => {
    const env = { WEBHOOK_SECRET: 'secret-secret', SUBSCRIBERS: '[{"url":"http://127.0.0.1:3000/api/callback"}]', ALLOW_UNSIGNED: 'TRUE' };

    const config = loadConfig(schema, { service: 'svc', env, envFile: '/nonexistent/.env' });

    expect(config.SUBSCRIBERS).toEqual([{ url: 'http://127.0.0.1:3000/api/callback' }]);
    expect(config.ALLOW_UNSIGNED).toBe(true);
  });
});
