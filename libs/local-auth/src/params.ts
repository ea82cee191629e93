import { OAuthError } from './oauth-error';

/** Request parameters by name; a name given more than once keeps every value. */
export type Params = Readonly<Record<string, string | readonly string[]>>;

/**
 * Decodes `application/x-www-form-urlencoded` text (a form body, or a URL's query) with the
 * WHATWG parser, into an object without a prototype so no parameter name can reach one.
 */
export function parseForm(text: string): Params {
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const earlier = params[name];
    params[name] = earlier === undefined ? value : [...(typeof earlier === 'string' ? [earlier] : earlier), value];
  }
  return params;
}

export function queryOf(url: string): Params {
  const start = url.indexOf('?');
  return parseForm(start < 0 ? '' : url.slice(start + 1));
}

/**
 * One request parameter. RFC 6749 §3.1: a parameter sent without a value is treated as omitted,
 * and none may be included more than once.
 */
export function singleParam(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once`);
  return value;
}

export function requiredParam(params: Params, name: string): string {
  const value = singleParam(params, name);
  if (value === undefined) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}
