import express, { type NextFunction, type Request, type Response } from 'express';
import { parseAuthorizationRequest, type AuthorizationOutcome } from './authorization-request';
import { isSubject, type Grants } from './grants';
import { isRequestFault, readTextBody, sendServerError } from './http-support';
import type { LocalAuthClient } from './local-auth-client';
import { messagePage, pageHeaders, signInPage } from './pages';
import { parseForm, queryOf } from './params';

/** `redirect_uri` with the response parameters added to whatever query it already has (RFC 6749 §4.1.2). */
export function redirectTo(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.href;
}

export function sendMessage(res: Response, status: number, title: string, message: string): void {
  res.status(status).set(pageHeaders()).send(messagePage(title, message));
}

/** Answers the outcomes that need no user: a page for an unredirectable fault, a redirect for the rest. */
function answerFault(res: Response, outcome: Exclude<AuthorizationOutcome, { kind: 'valid' }>, redirectStatus: 302 | 303): void {
  if (outcome.kind === 'unredirectable') return sendMessage(res, 400, 'Sign-in request refused', outcome.message);
  const { error, state } = outcome;
  res.redirect(redirectStatus, redirectTo(outcome.redirectUri, { error: error.code, error_description: error.description, state }));
}

/**
 * `GET /authorize` shows the sign-in page; `POST /authorize` (that page's form) re-validates the
 * whole request, since every field of it came back through the browser, then issues a code and
 * redirects with 303 so the browser follows with a GET.
 */
export function authorizeRoutes(clients: ReadonlyMap<string, LocalAuthClient>, grants: Grants): express.Router {
  const router = express.Router();

  router.get('/authorize', (req, res) => {
    const outcome = parseAuthorizationRequest(queryOf(req.originalUrl), clients);
    if (outcome.kind !== 'valid') return answerFault(res, outcome, 302);
    res.status(200).set(pageHeaders([new URL(outcome.request.redirectUri).origin])).send(signInPage(outcome.request));
  });

  router.post('/authorize', readTextBody, (req, res) => {
    const form = typeof req.body === 'string' && req.is('application/x-www-form-urlencoded') ? parseForm(req.body) : undefined;
    if (!form) return sendMessage(res, 400, 'Sign-in request refused', 'Submit the sign-in form');
    const outcome = parseAuthorizationRequest(form, clients);
    if (outcome.kind !== 'valid') return answerFault(res, outcome, 303);
    const { request } = outcome;
    if (form.decision === 'deny') {
      return res.redirect(303, redirectTo(request.redirectUri, { error: 'access_denied', error_description: 'The user cancelled the sign-in', state: request.state }));
    }
    const username = typeof form.username === 'string' ? form.username.trim() : undefined;
    if (username === undefined || !isSubject(username)) {
      const error = 'Enter a user name of 1 to 128 visible ASCII characters, without spaces.';
      return res.status(400).set(pageHeaders([new URL(request.redirectUri).origin])).send(signInPage(request, { username: singleUsername(form.username), error }));
    }
    const code = grants.issueCode(request, username);
    res.redirect(303, redirectTo(request.redirectUri, { code, state: request.state }));
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    // Once the answer has started, only express can end it (it closes the connection).
    if (res.headersSent) return next(error);
    if (isRequestFault(error)) return sendMessage(res, 400, 'Sign-in request refused', 'The form could not be read');
    sendServerError(error, res);
  });
  return router;
}

const singleUsername = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
