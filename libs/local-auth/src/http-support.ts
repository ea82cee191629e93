import express, { type NextFunction, type Request, type Response } from 'express';
import { OAuthError } from './oauth-error';

/** Far above any real token or authorization request; bounds what a client can make the provider hold. */
export const BODY_LIMIT = '16kb';

/**
 * Reads form and JSON bodies as text, to be parsed by `parseForm` or `JSON.parse`: one parser
 * each, the same for the query string and the body, and no prototype-bearing objects from qs.
 */
export const readTextBody = express.text({ type: ['application/x-www-form-urlencoded', 'application/json'], limit: BODY_LIMIT });

/** Discovery, JWKS, token and userinfo are called by browser apps on other origins; none uses cookies. */
export function allowAnyOrigin(_req: Request, res: Response, next: NextFunction): void {
  res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'WWW-Authenticate' });
  next();
}

export function answerPreflight(_req: Request, res: Response): void {
  res
    .status(204)
    .set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
    })
    .end();
}

/**
 * A failure of the request itself, before any handler ran: a body over the limit, an unknown
 * charset, a client that stopped sending. body-parser marks these with a 4xx `status`.
 */
export function isRequestFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** RFC 6749 §5.2 error body; every fault of the request is `invalid_request`. */
export function sendOAuthError(error: unknown, res: Response): boolean {
  const refusal = error instanceof OAuthError ? error : isRequestFault(error) ? new OAuthError('invalid_request', 'The request body is too large, malformed or not UTF-8') : undefined;
  if (!refusal) return false;
  if (refusal.status === 401) res.set('WWW-Authenticate', 'Basic realm="local-auth"');
  res.status(refusal.status).set('Cache-Control', 'no-store').json({ error: refusal.code, error_description: refusal.description });
  return true;
}

/** Anything that is not the client's fault: logged, answered without details. */
export function sendServerError(error: unknown, res: Response): void {
  console.error('local-auth failed', error);
  res.status(500).set('Cache-Control', 'no-store').json({ error: 'server_error', error_description: 'The local OpenID provider failed; see its log' });
}
