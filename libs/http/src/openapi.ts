// `@sm/http/openapi`: route declarations and the OpenAPI document built from them. Kept out of
// `@sm/http`'s index so that a cold start, which imports the index, builds none of their schemas;
// the apps import it from their routes' chunk, and the document route imports it on first use.
export { content, declareRoutes, json, problem, unavailable } from './route-contract';
export type { ContractSchema, RequestDeclaration, ResponseDeclaration, RouteDeclaration, RouteDeclarations } from './route-contract';
export { API_GATEWAY_MAX_PAYLOAD_BYTES, buildOpenApiDocument, GatewayMessageSchema, serviceRoutes } from './openapi-document';
export type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiOptions } from './openapi-document';
