import { describeFrontDoor, type ServedRoute } from './stage-front-door';

const served = (routes: ServedRoute[]) => ({
  url: 'http://127.0.0.1:3000',
  sitesUrl: 'http://127.0.0.1:3001',
  issuer: 'http://127.0.0.1:3000/local-auth',
  routes,
  devToken: { accessToken: 'eyJ.token', expiresIn: 43_200, sub: 'developer', scopes: ['events:write'] },
});

const integrationRoute: ServedRoute = { api: 'api', routeKey: 'POST /api/integration', app: 'integration-service', authorization: 'jwt events:write' };

describe('what npm start prints about the stage it serves', () => {
  it('lists the schedules under the routes, each with its app and expression', () => {
    const lines = describeFrontDoor({ ...served([integrationRoute]), schedules: [{ app: 'integration-service', name: 'deliver-due', expression: 'rate(1 minute)' }] });

    expect(lines.slice(1, 3)).toEqual([
      `  ${'POST /api/integration'.padEnd(32)} ${'integration-service'.padEnd(20)} ${'jwt events:write'.padEnd(24)} http://127.0.0.1:3000`,
      `  ${'schedule deliver-due'.padEnd(32)} ${'integration-service'.padEnd(20)} rate(1 minute) (UTC)`,
    ]);
    expect(lines.at(-1)).toBe('export TOKEN=eyJ.token');
  });

  it('prints no schedule line for a stack that runs none', () => {
    expect(describeFrontDoor(served([integrationRoute])).filter((line) => line.includes('schedule'))).toEqual([]);
  });

  it('prints the web console’s address when a served app has the console’s route', () => {
    const lines = describeFrontDoor(served([{ api: 'api', routeKey: 'GET /console', app: 'react-app-manager', authorization: 'none' }]));

    expect(lines).toContain('Web console: http://127.0.0.1:3000/console/');
  });

  it('prints no console address for a stage without it, and ends with the token line either way', () => {
    const lines = describeFrontDoor(served([{ api: 'api', routeKey: 'GET /api/callbacks', app: 'callback-service', authorization: 'jwt callbacks:read' }]));

    expect(lines.some((line) => line.startsWith('Web console'))).toBe(false);
    expect(lines.at(-1)).toBe('export TOKEN=eyJ.token');
  });
});
