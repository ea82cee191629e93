import { ConfigError, loadConfig } from '@sm/config';
import { CallbackServiceConfigSchema } from './config';

const base = { CALLBACKS_TABLE: 'callbacks', AWS_REGION: 'eu-west-1' };
const load = (env: Record<string, string>) =>
  loadConfig(CallbackServiceConfigSchema, { service: 'callback-service', env: { ...base, ...env }, envFile: '/nonexistent/.env' });

describe('callback-service config', () => {
  it('refuses to start without a webhook secret, naming every bad variable at once', () => {
    expect(() => load({ ALLOW_UNSIGNED_CALLBACKS: 'perhaps' })).toThrow(ConfigError);
    expect(() => load({ ALLOW_UNSIGNED_CALLBACKS: 'perhaps' })).toThrow(/WEBHOOK_SECRET[\s\S]*ALLOW_UNSIGNED_CALLBACKS|ALLOW_UNSIGNED_CALLBACKS[\s\S]*WEBHOOK_SECRET/);
  });

  it('refuses unsigned callbacks when the setting is absent', () => {
    expect(load({ WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).ALLOW_UNSIGNED_CALLBACKS).toBe(false);
  });

  it('rejects a secret that is not in Standard Webhooks form', () => {
    expect(() => load({ WEBHOOK_SECRET: 'hunter2' })).toThrow(/WEBHOOK_SECRET: must be whsec_/);
  });
});
