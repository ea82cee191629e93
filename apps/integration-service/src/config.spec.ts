import { loadConfig } from '@sm/config';
import { IntegrationServiceConfigSchema, subscribersOf } from './config';

const base = { DELIVERY_REPORTS_TABLE: 'delivery-reports', AWS_REGION: 'eu-west-1' };
const load = (env: Record<string, string>) =>
  loadConfig(IntegrationServiceConfigSchema, { service: 'integration-service', env: { ...base, ...env }, envFile: '/nonexistent/.env' });
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('integration-service config', () => {
  it('sends every event type to the callback-service by default', () => {
    expect(subscribersOf(load({ WEBHOOK_SECRET: secret, CALLBACK_SERVICE_URL: 'http://127.0.0.1:3000' }))).toEqual([
      { url: 'http://127.0.0.1:3000/api/callback', types: ['*'] },
    ]);
  });

  it('takes subscribers from SUBSCRIBERS as JSON', () => {
    const config = load({ WEBHOOK_SECRET: secret, SUBSCRIBERS: '[{"url":"https://hooks.example.com/in","types":["order.paid"]}]' });

    expect(subscribersOf(config)).toEqual([{ url: 'https://hooks.example.com/in', types: ['order.paid'] }]);
  });

  it('lists every invalid variable at once', () => {
    expect(() => load({ SUBSCRIBERS: '[{"url":"ftp://x","types":[]}]', DELIVERY_DEADLINE_MS: '60000' })).toThrow(
      /WEBHOOK_SECRET[\s\S]*SUBSCRIBERS\.0\.url[\s\S]*SUBSCRIBERS\.0\.types[\s\S]*DELIVERY_DEADLINE_MS|4 problems/,
    );
  });
});
