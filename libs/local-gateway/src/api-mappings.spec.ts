import { createApiMappings } from './api-mappings';

describe('createApiMappings', () => {
  const apis = [{ basePath: 'callback-service' }, { basePath: '/callback-service/admin/' }, { stage: '$default' }];

  it.each([
    ['/callback-service/api/x', 0, '/api/x'],
    ['/callback-service', 0, '/'],
    ['/callback-service/admin/users', 1, '/users'],
    ['/callback-services/api', 2, '/callback-services/api'],
    ['/api/x', 2, '/api/x'],
  ])('sends %s to the API with the longest matching base path', (path, apiIndex, eventPath) => {
    // prepare
    const resolve = createApiMappings(apis);

    // act
    const mapped = resolve(path);

    // assess
    expect(mapped).toEqual({ api: apis[apiIndex], eventPath, routePath: eventPath });
  });

  it('routes on the path after a named stage but keeps the stage in the event path', () => {
    // prepare
    const resolve = createApiMappings([{ stage: 'default' }]);

    // act
    const mapped = resolve('/default/nodejs-apig-function');

    // assess
    expect(mapped).toEqual({ api: { stage: 'default' }, eventPath: '/default/nodejs-apig-function', routePath: '/nodejs-apig-function' });
  });

  it('takes the stage from the mapping, not the URL, for an API with a base path', () => {
    // prepare
    const resolve = createApiMappings([{ basePath: 'callbacks', stage: 'prod' }]);

    // act
    const mapped = resolve('/callbacks/api/x');

    // assess
    expect(mapped?.routePath).toBe('/api/x');
  });

  it('resolves nothing outside every mapping and stage', () => {
    // prepare
    const resolve = createApiMappings([{ basePath: 'callbacks' }, { basePath: 'apps' }]);
    const staged = createApiMappings([{ stage: 'default' }]);

    // act
    const mapped = [resolve('/other'), staged('/prod/x'), staged('/defaultx')];

    // assess
    expect(mapped).toEqual([undefined, undefined, undefined]);
  });

  it('refuses two APIs on the same mapping', () => {
    expect(() => createApiMappings([{ basePath: 'callbacks' }, { basePath: '/callbacks/' }])).toThrow('Two APIs share the API mapping "/callbacks"');
  });
});
