import { createRouteTable, decodePath } from './route-table';

function tableOf(...routeKeys: string[]) {
  return createRouteTable(routeKeys.map((routeKey) => ({ routeKey, target: routeKey })));
}

describe('createRouteTable', () => {
  // The example of "Routing API requests" in the API Gateway developer guide (HTTP API routes).
  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/{id}'],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}'],
    ['POST', '/test/5', 'ANY /{proxy+}'],
    ['POST', '/', '$default'],
  ])('routes %s %s to %s like the AWS documentation example', (method, path, expected) => {
    // prepare
    const table = tableOf('GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default');

    // act
    const match = table.match(method, path);

    // assess
    expect(match?.routeKey).toBe(expected);
  });

  it('prefers the exact method to ANY on the same path', () => {
    // prepare
    const table = tableOf('ANY /api/callbacks', 'GET /api/callbacks');

    // act
    const [get, post] = [table.match('GET', '/api/callbacks'), table.match('POST', '/api/callbacks')];

    // assess
    expect(get?.routeKey).toBe('GET /api/callbacks');
    expect(post?.routeKey).toBe('ANY /api/callbacks');
  });

  it('prefers a literal segment to a path variable', () => {
    // prepare
    const table = tableOf('GET /api/callbacks/{id}', 'GET /api/callbacks/stats');

    // act
    const match = table.match('GET', '/api/callbacks/stats');

    // assess
    expect(match).toEqual({ routeKey: 'GET /api/callbacks/stats', target: 'GET /api/callbacks/stats' });
  });

  it('prefers a full match with ANY to a greedy match with the exact method', () => {
    // prepare
    const table = tableOf('GET /api/{proxy+}', 'ANY /api/{id}');

    // act
    const match = table.match('GET', '/api/1');

    // assess
    expect(match?.routeKey).toBe('ANY /api/{id}');
  });

  it('prefers the longer literal prefix among greedy routes', () => {
    // prepare
    const table = tableOf('ANY /{proxy+}', 'ANY /api/apps/{proxy+}');

    // act
    const match = table.match('GET', '/api/apps/todo/index.html');

    // assess
    expect(match).toMatchObject({ routeKey: 'ANY /api/apps/{proxy+}', pathParameters: { proxy: 'todo/index.html' } });
  });

  it('takes path parameters from the decoded path, an encoded slash splitting segments', () => {
    // prepare
    const table = tableOf('GET /files/{name}/{rest+}');

    // act
    const match = table.match('GET', decodePath('/files/a%20b/c%2Fd/e'));

    // assess
    expect(match?.pathParameters).toEqual({ name: 'a b', rest: 'c/d/e' });
  });

  it('does not let a greedy variable match an empty rest of the path', () => {
    // prepare
    const table = tableOf('ANY /api/apps/{proxy+}');

    // act
    const match = table.match('GET', '/api/apps');

    // assess
    expect(match).toBeUndefined();
  });

  it('matches the root path only with a root route', () => {
    // prepare
    const table = tableOf('GET /', 'GET /{id}');

    // act
    const [root, child] = [table.match('GET', '/'), table.match('GET', '/x')];

    // assess
    expect(root?.routeKey).toBe('GET /');
    expect(child?.routeKey).toBe('GET /{id}');
  });

  it('matches nothing when no route fits and there is no $default', () => {
    // prepare
    const table = tableOf('GET /api/callbacks');

    // act
    const matches = [table.match('DELETE', '/api/callbacks'), table.match('GET', '/api/callbacks/1'), table.match('GET', '/api')];

    // assess
    expect(matches).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ['get /pets', /expected "\$default"/],
    ['GET pets', /must start with "\/"/],
    ['GET /pets//dogs', /empty path segment/],
    ['GET /pets/', /empty path segment/],
    ['GET /{proxy+}/x', /greedy path variable must be the last segment/],
    ['GET /{id}/{id}', /used twice/],
    ['GET /pets/{id', /malformed path variable/],
    ['GET  /pets', /expected "\$default"/],
  ])('refuses the route key "%s"', (routeKey, message) => {
    expect(() => tableOf(routeKey)).toThrow(message);
  });

  it('refuses two route keys that differ only in variable names', () => {
    expect(() => tableOf('GET /pets/{id}', 'GET /pets/{petId}')).toThrow('Duplicate route key "GET /pets/{petId}" conflicts with "GET /pets/{id}"');
  });

  it('refuses a second $default', () => {
    expect(() => tableOf('$default', '$default')).toThrow('Duplicate route key "$default"');
  });
});

describe('decodePath', () => {
  it.each([
    ['/api/callbacks/a%20b', '/api/callbacks/a b'],
    ['/api/callbacks/a%2Fb', '/api/callbacks/a/b'],
    ['/api/apps/%E6%9E%B6%E6%9E%84', '/api/apps/架构'],
    ['/api/callbacks/100%25', '/api/callbacks/100%'],
  ])('decodes %s to %s, as HTTP API passes the path on', (rawPath, path) => {
    expect(decodePath(rawPath)).toBe(path);
  });

  it('keeps a malformed escape as received', () => {
    expect(decodePath('/api/callbacks/a%zz/%E9')).toBe('/api/callbacks/a%zz/%E9');
  });
});
