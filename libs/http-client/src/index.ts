export { createHttpClient } from './http-client';
export type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, RetryLogger } from './http-client';
export { HttpClientError } from './http-client-error';
export type { HttpClientErrorDetails } from './http-client-error';
export { expectOk } from './expect-ok';
export { createClientCredentialsTokenSource, withBearerToken } from './client-credentials';
export type { ClientCredentialsOptions, TokenSource } from './client-credentials';
