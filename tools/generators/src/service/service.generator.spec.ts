import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { AppDeploySchema } from '@sm/app-deploy';
import { serviceGenerator } from './service.generator';

const EVENTS_INDEX = "export { HealthSchema } from './common';\n";

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('libs/events/src/index.ts', EVENTS_INDEX);
  addProjectConfiguration(tree, 'callback-service', { root: 'apps/callback-service', projectType: 'application', targets: {} });
  tree.write(
    'apps/callback-service/deploy.json',
    JSON.stringify({ routes: [{ routeKey: 'POST /api/callback', authorization: 'none' }, { routeKey: 'GET /callback-service/health', authorization: 'none' }] }),
  );
  return tree;
}

/** What the generator changed in a workspace: created (CREATE) or updated (UPDATE) files. */
async function generate(tree: Tree, options: Parameters<typeof serviceGenerator>[1]): Promise<string[]> {
  const before = new Map(tree.listChanges().map((change) => [change.path, change.content?.toString()]));
  await serviceGenerator(tree, options);
  return tree
    .listChanges()
    .filter((change) => before.get(change.path) !== change.content?.toString())
    .map((change) => `${before.has(change.path) ? 'UPDATE' : 'CREATE'} ${change.path}`)
    .sort();
}

describe('nx g @sm/tools:service', () => {
  it('creates the app’s config, deploy.json, domain, route declarations, routes, composition root and tests, and its schemas in libs/events', async () => {
    const tree = workspace();

    const changed = await generate(tree, { name: 'notification-service' });

    expect(changed).toEqual(
      [
        'CREATE apps/notification-service/deploy.json',
        'CREATE apps/notification-service/jest.config.cjs',
        'CREATE apps/notification-service/project.json',
        'CREATE apps/notification-service/src/acknowledge.spec.ts',
        'CREATE apps/notification-service/src/acknowledge.ts',
        'CREATE apps/notification-service/src/api.ts',
        'CREATE apps/notification-service/src/app.ts',
        'CREATE apps/notification-service/src/config.ts',
        'CREATE apps/notification-service/src/main.ts',
        'CREATE apps/notification-service/src/routes.spec.ts',
        'CREATE apps/notification-service/src/routes.ts',
        'CREATE apps/notification-service/src/test-setup.ts',
        'CREATE apps/notification-service/tsconfig.json',
        'CREATE libs/events/src/notification-service.ts',
        'UPDATE libs/events/src/index.ts',
      ].sort(),
    );
  });

  it('declares the example route behind the JWT authorizer with a scope, and the public health and OpenAPI document routes', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'notification-service' });

    const deploy = AppDeploySchema.parse(JSON.parse(tree.read('apps/notification-service/deploy.json', 'utf8') ?? ''));
    expect(deploy.routes).toEqual([
      { routeKey: 'POST /api/notification', api: 'api', authorization: 'jwt', scopes: ['notification:write'] },
      { routeKey: 'GET /notification-service/health', api: 'api', authorization: 'none', scopes: [] },
      { routeKey: 'GET /notification-service/openapi.json', api: 'api', authorization: 'none', scopes: [] },
    ]);
  });

  it('gives the project every target the other apps have and its own scope tag', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'notification-service' });

    const project = JSON.parse(tree.read('apps/notification-service/project.json', 'utf8') ?? '') as { tags: string[]; targets: object };
    expect(project.tags).toEqual(['type:app', 'scope:notification-service', 'runtime:lambda']);
    expect(Object.keys(project.targets)).toEqual(['build', 'serve', 'lint', 'typecheck', 'test', 'container', 'serve-container', 'deploy', 'rollback']);
  });

  it('gives each --route its deploy.json entry, scope, schemas, handler and tests', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'billing', route: ['POST /api/invoices', 'GET /api/invoices/{invoiceId}'] });

    const deploy = AppDeploySchema.parse(JSON.parse(tree.read('apps/billing/deploy.json', 'utf8') ?? ''));
    expect(deploy.routes.map(({ routeKey, scopes }) => [routeKey, scopes])).toEqual([
      ['POST /api/invoices', ['billing:write']],
      ['GET /api/invoices/{invoiceId}', ['billing:read']],
      ['GET /billing/health', []],
      ['GET /billing/openapi.json', []],
    ]);
    const api = tree.read('apps/billing/src/api.ts', 'utf8');
    expect(api).toContain("path: '/api/invoices',");
    expect(api).toContain('request: { body: { schema: PostInvoicesBodySchema } },');
    expect(api).toContain("path: '/api/invoices/{invoiceId}',");
    expect(api).toContain('request: { params: GetInvoicesByInvoiceIdParamsSchema },');
    const routes = tree.read('apps/billing/src/routes.ts', 'utf8');
    expect(routes).toContain('...billingApi.postInvoices,');
    expect(routes).toContain('const input = parseJsonBody(request, PostInvoicesBodySchema);');
    expect(routes).toContain('...billingApi.getInvoicesByInvoiceId,');
    expect(routes).toContain('const params = parseQuery(request.params, GetInvoicesByInvoiceIdParamsSchema);');
    const suite = tree.read('apps/billing/src/routes.spec.ts', 'utf8');
    expect(suite).toContain("describe('POST /api/invoices'");
    expect(suite).toContain("describe('GET /api/invoices/{invoiceId}'");
    expect(suite).toContain("path: '/api/invoices/sample-invoice-id'");
  });

  it('declares each route in api.ts with its request and every response its handler gives, errors as problem+json', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'billing', route: ['PUT /api/invoices/{invoiceId}', 'GET /api/invoices'] });

    expect(tree.read('apps/billing/src/api.ts', 'utf8')).toContain(
      [
        'export const billingApi = declareRoutes({',
        '  putInvoicesByInvoiceId: {',
        "    method: 'PUT',",
        "    path: '/api/invoices/{invoiceId}',",
        "    authorization: { scopes: ['billing:write'] },",
        "    summary: 'Accept a message, answered back with when it was received',",
        '    request: { params: PutInvoicesByInvoiceIdParamsSchema, body: { schema: PutInvoicesByInvoiceIdBodySchema } },',
        '    responses: {',
        "      200: json('the message as accepted, and when it was received', PutInvoicesByInvoiceIdResponseSchema),",
        "      400: problem('the body is not JSON, or a path parameter is empty or over 256 characters'),",
        "      415: problem('the body is not application/json'),",
        "      422: problem('the body is JSON of the wrong shape'),",
        '    },',
        '  },',
        '  getInvoices: {',
        "    method: 'GET',",
        "    path: '/api/invoices',",
        "    authorization: { scopes: ['billing:read'] },",
        "    summary: 'Answer when the request was received',",
        '    responses: {',
        "      200: json('the request as accepted, and when it was received', GetInvoicesResponseSchema),",
        '    },',
        '  },',
        '});',
      ].join('\n'),
    );
  });

  it('serves the declarations as the OpenAPI document, and imports the routes and declarations on first use', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'notification-service' });

    const app = tree.read('apps/notification-service/src/app.ts', 'utf8');
    expect(app).toContain("routes: async () => (await import('./routes')).notificationRoutes(adapters),");
    expect(app).toContain("api: async () => (await import('./api')).notificationApi,");
    expect(tree.read('apps/notification-service/src/routes.spec.ts', 'utf8')).toContain("path: '/notification-service/openapi.json'");
  });

  it('exports the new schemas and their types from libs/events', async () => {
    const tree = workspace();

    await serviceGenerator(tree, { name: 'billing', route: ['POST /api/invoices', 'DELETE /api/invoices/{invoiceId}'] });

    expect(tree.read('libs/events/src/index.ts', 'utf8')).toBe(
      [
        EVENTS_INDEX.trimEnd(),
        'export {',
        '  MAX_BILLING_MESSAGE_LENGTH,',
        '  PostInvoicesBodySchema,',
        '  PostInvoicesResponseSchema,',
        '  DeleteInvoicesByInvoiceIdParamsSchema,',
        '  DeleteInvoicesByInvoiceIdResponseSchema,',
        "} from './billing';",
        "export type { PostInvoicesBody, PostInvoicesResponse, DeleteInvoicesByInvoiceIdParams, DeleteInvoicesByInvoiceIdResponse } from './billing';",
        '',
      ].join('\n'),
    );
  });

  it.each(['NotificationService', 'notification_service', '9-lives', 'double--dash', 'trailing-', 'x'.repeat(41)])('refuses the name %s, saying what a name must be', async (name) => {
    const tree = workspace();

    await expect(generate(tree, { name })).rejects.toThrow(`"${name}" is not a service name: use kebab-case`);
  });

  it('refuses the name of an existing project', async () => {
    const tree = workspace();

    await expect(serviceGenerator(tree, { name: 'callback-service' })).rejects.toThrow('A project named "callback-service" exists already');
  });

  it.each(['POST', 'FETCH /api/things', 'POST api/things', 'POST /api/Things', 'GET /api/things/{}'])('refuses the route "%s", saying how to write one', async (route) => {
    const tree = workspace();

    await expect(serviceGenerator(tree, { name: 'things', route: [route] })).rejects.toThrow(`--route "${route}" is not a route: write "METHOD /path"`);
  });

  it('refuses a route another app declares', async () => {
    const tree = workspace();

    await expect(serviceGenerator(tree, { name: 'things', route: ['POST /api/callback'] })).rejects.toThrow(
      "--route \"POST /api/callback\" is taken: it is callback-service's route in apps/callback-service/deploy.json.",
    );
  });

  it('refuses a route given twice', async () => {
    const tree = workspace();

    await expect(serviceGenerator(tree, { name: 'things', route: ['GET /api/things', 'GET /api/things'] })).rejects.toThrow('--route "GET /api/things" is given twice.');
  });
});
