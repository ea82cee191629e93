import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.1/§4.2: 43 to 128 unreserved characters (an S256 challenge is a 43-character base64url digest). */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function verifierMatches(codeVerifier: string, codeChallenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(codeVerifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(codeChallenge);
  return expected.length === computed.length && timingSafeEqual(computed, expected);
}
