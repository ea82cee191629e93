import { createHash } from 'node:crypto';
import type { AuthorizationRequest } from './authorization-request';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
.note{background:#fff4ce;border-left:4px solid #b58100;padding:.5rem .75rem}
.error{color:#a4000f;font-weight:600}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1rem;margin:1rem .5rem 0 0}`;

/** The one inline style is allowed by its hash, so the CSP needs no 'unsafe-inline'. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * Headers for every HTML page: nothing loads but the hashed style, no framing (clickjacking a
 * sign-in), and forms post only to this provider. Chromium applies `form-action` to the redirect
 * that follows a form post too, so the sign-in page also allows the client's redirect origin.
 */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [`default-src 'none'`, `style-src ${STYLE_HASH}`, `form-action 'self' ${formTargets.join(' ')}`.trim(), `frame-ancestors 'none'`, `base-uri 'none'`].join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}

const hidden = (name: string, value: string | undefined): string =>
  value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/**
 * The sign-in form of the local provider: a user name and nothing else. It posts the whole
 * authorization request back, because the provider keeps no session between the two steps.
 */
export function signInPage(request: AuthorizationRequest, form: { username?: string; error?: string } = {}): string {
  const errorId = 'username-error';
  const scopes = request.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return page(
    'Sign in',
    `<p class="note">Local development sign-in: there is no password, and you may sign in as any user. This provider runs only on your machine and is never deployed.</p>
<p><strong>${escapeHtml(request.clientId)}</strong> asks for these scopes:</p>
<ul>${scopes}</ul>
<form method="post" action="authorize">
${hidden('response_type', 'code')}${hidden('client_id', request.clientId)}${hidden('redirect_uri', request.redirectUri)}${hidden('scope', request.scopes.join(' '))}${hidden('state', request.state)}${hidden('nonce', request.nonce)}${hidden('code_challenge', request.codeChallenge)}${hidden('code_challenge_method', 'S256')}
<label for="username">User name</label>
<input id="username" name="username" required maxlength="128" autocomplete="username" autofocus value="${escapeHtml(form.username ?? '')}"${form.error === undefined ? '' : ` aria-invalid="true" aria-describedby="${errorId}"`}>
${form.error === undefined ? '' : `<p id="${errorId}" class="error" role="alert">${escapeHtml(form.error)}</p>`}
<button type="submit" name="decision" value="allow">Sign in</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}
