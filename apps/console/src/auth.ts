import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { ConsoleConfig } from './console-config';

/** The signed-in user as the console shows them. */
export interface SignedInUser {
  sub: string;
  name: string;
  accessToken: string;
}

export interface ConsoleAuth {
  /** The user of this tab, after completing a sign-in the issuer redirected back with; undefined when signed out. Returns the path to go on to. */
  start(): Promise<{ user: SignedInUser | undefined; returnTo: string | undefined }>;
  signIn(returnTo: string): Promise<void>;
  signOut(): Promise<void>;
  /** A current access token, renewed with the refresh token when it has expired; undefined once the session is over. */
  accessToken(): Promise<string | undefined>;
}

const REDIRECT_PATH = '/console/';

function toSignedIn(user: User): SignedInUser {
  const { sub, preferred_username: preferred, name } = user.profile;
  return { sub, name: typeof preferred === 'string' ? preferred : typeof name === 'string' ? name : sub, accessToken: user.access_token };
}

/**
 * OpenID Connect sign-in (authorization code with PKCE, oidc-client-ts) against the stage's issuer.
 * Tokens stay in this tab's sessionStorage, never in cookies: the API takes bearer tokens only.
 */
export function createConsoleAuth(config: ConsoleConfig): ConsoleAuth {
  const redirectUri = `${window.location.origin}${REDIRECT_PATH}`;
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: redirectUri,
    post_logout_redirect_uri: redirectUri,
    response_type: 'code',
    scope: ['openid', 'profile', ...config.scopes].join(' '),
    userStore: store,
    stateStore: store,
    // Renewal uses the refresh token when one was issued; no hidden iframe (the issuer's pages refuse framing).
    automaticSilentRenew: false,
  });

  const current = async (): Promise<User | undefined> => {
    const user = await manager.getUser();
    if (!user) return undefined;
    if (!user.expired) return user;
    if (user.refresh_token === undefined) return undefined;
    return (await manager.signinSilent().catch(() => null)) ?? undefined;
  };

  return {
    async start() {
      const params = new URLSearchParams(window.location.search);
      if (params.has('error')) {
        window.history.replaceState(null, '', REDIRECT_PATH);
        const description = params.get('error_description') ?? params.get('error') ?? 'unknown error';
        throw new Error(`sign-in did not complete: ${description}`);
      }
      if (params.has('code') && params.has('state')) {
        const user = await manager.signinRedirectCallback();
        const returnTo = typeof user.state === 'string' && user.state.startsWith(REDIRECT_PATH) ? user.state : REDIRECT_PATH;
        window.history.replaceState(null, '', returnTo);
        return { user: toSignedIn(user), returnTo };
      }
      if (params.has('state')) {
        // Back from the issuer's sign-out: its state is spent either way.
        await manager.signoutRedirectCallback().catch(() => undefined);
        window.history.replaceState(null, '', REDIRECT_PATH);
      }
      const user = await current();
      return { user: user && toSignedIn(user), returnTo: undefined };
    },
    signIn: (returnTo) => manager.signinRedirect({ state: returnTo }),
    async signOut() {
      await manager.removeUser();
      // Cognito's discovery document has no end_session_endpoint: there, signing out of the console is enough.
      // Without an id_token_hint (the user is already removed), oidc-client-ts names the client instead,
      // which is what the issuer checks the post-logout redirect against.
      const endSession = await manager.metadataService.getEndSessionEndpoint().catch(() => undefined);
      if (endSession !== undefined) await manager.signoutRedirect();
      else window.location.assign(REDIRECT_PATH);
    },
    async accessToken() {
      return (await current())?.access_token;
    },
  };
}
