import { HttpClientError } from './http-client-error';
import type { HttpResponse } from './http-client';

/**
 * Returns a 2xx response and throws `HttpClientError`, carrying the status, for anything else.
 * For callers to whom any other answer is a failure; a delivery report records it instead.
 *
 * @example
 * const { body } = expectOk(await client.request({ method: 'GET', url }));
 * const apps = appListSchema.parse(body);
 */
export function expectOk(response: HttpResponse): HttpResponse {
  if (response.status >= 200 && response.status <= 299) return response;
  throw new HttpClientError({
    service: response.service,
    method: response.method,
    url: response.url,
    attempt: response.attempts,
    status: response.status,
    reason: `answered ${response.status}`,
  });
}
