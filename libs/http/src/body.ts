// `@sm/http/body`: a request's JSON body and query parsed with a route's zod schema. Kept out of
// `@sm/http`'s index, which every cold start imports: a bundler takes in every file an imported index
// re-exports, so through these, all of zod would be loaded before the first health check; the routes,
// loaded with the first request that needs them, import it from here.
export { MAX_JSON_BODY_BYTES, parseJsonBody, parseJsonText, parseQuery, readJsonText, toFieldErrors } from './json-body';
export { checkJsonDocument, MAX_JSON_DEPTH } from './json-document';
