import { describeFrontDoor } from './stage-front-door';

const served = {
  url: 'http://127.0.0.1:3000',
  sitesUrl: 'http://127.0.0.1:3001',
  issuer: 'http://127.0.0.1:3000/local-auth',
  routes: [{ api: 'api' as const, routeKey: 'POST /api/integration', app: 'integration-service', authorization: 'jwt events:write' }],
  devToken: { accessToken: 'eyJ.token', expiresIn: 43_200, sub: 'developer', scopes: ['events:write'] },
};

describe('describeFrontDoor', () => {
  it('lists the schedules under the routes, each with its app and expression', () => {
    const lines = describeFrontDoor({ ...served, schedules: [{ app: 'integration-service', name: 'deliver-due', expression: 'rate(1 minute)' }] });

    expect(lines.slice(1, 3)).toEqual([
      `  ${'POST /api/integration'.padEnd(32)} ${'integration-service'.padEnd(20)} ${'jwt events:write'.padEnd(24)} http://127.0.0.1:3000`,
      `  ${'schedule deliver-due'.padEnd(32)} ${'integration-service'.padEnd(20)} rate(1 minute) (UTC)`,
    ]);
    expect(lines.at(-1)).toBe('export TOKEN=eyJ.token');
  });

  it('prints no schedule line for a stack that runs none', () => {
    expect(describeFrontDoor(served).filter((line) => line.includes('schedule'))).toEqual([]);
  });
});
