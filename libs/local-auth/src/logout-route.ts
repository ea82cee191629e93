import type { Request, Response } from 'express';
import { redirectTo, sendMessage } from './authorize-routes';
import type { LocalAuthClient } from './local-auth-client';
import { queryOf, singleParam } from './params';

/** `GET /logout` (OpenID Connect RP-Initiated Logout): redirect only to a registered `post_logout_redirect_uri`. */
export function logoutRoute(clients: ReadonlyMap<string, LocalAuthClient>) {
  return (req: Request, res: Response): void => {
    const params = queryOf(req.originalUrl);
    let target: string | undefined;
    let clientId: string | undefined;
    let state: string | undefined;
    try {
      target = singleParam(params, 'post_logout_redirect_uri');
      clientId = singleParam(params, 'client_id');
      state = singleParam(params, 'state');
    } catch {
      return sendMessage(res, 400, 'Sign-out request refused', 'Each parameter may be given once');
    }
    if (target === undefined) return sendMessage(res, 200, 'Signed out', 'You are signed out of the local development provider.');
    const client = clientId === undefined ? undefined : clients.get(clientId);
    if (!client || !(client.postLogoutRedirectUris ?? []).includes(target)) {
      return sendMessage(res, 400, 'Sign-out request refused', 'post_logout_redirect_uri is not registered for this client_id');
    }
    res.redirect(302, redirectTo(target, { state }));
  };
}
