import { decodeJwt, jwtVerify } from 'jose';
import { createTestIssuer, TEST_CLIENT_ID } from './test-issuer';

describe('createTestIssuer', () => {
  it('issues Cognito-shaped access tokens its own key set verifies', async () => {
    const issuer = createTestIssuer();

    const token = await issuer.token({ sub: 'alice', scopes: ['apps:read', 'apps:write'] });
    const { payload } = await jwtVerify(token, issuer.keys, { issuer: issuer.issuer });

    expect(payload).toMatchObject({ sub: 'alice', client_id: TEST_CLIENT_ID, scope: 'apps:read apps:write', token_use: 'access' });
    expect(issuer.claimsOf({ sub: 'alice', scopes: ['apps:read'] })).toMatchObject({ sub: 'alice', scope: 'apps:read', exp: expect.stringMatching(/^\d+$/) });
  });

  it('replaces or drops claims on request, and another issuer’s key set refuses its tokens', async () => {
    const issuer = createTestIssuer();
    const other = createTestIssuer();

    const token = await issuer.token({ sub: 'bob', scopes: [] }, { exp: 1, client_id: undefined });

    expect(decodeJwt(token)).toMatchObject({ exp: 1 });
    expect(decodeJwt(token)).not.toHaveProperty('client_id');
    await expect(jwtVerify(token, other.keys)).rejects.toThrow(/signature verification failed/);
  });
});
