export { buildHttpApiEvent, recordedHttpApiEvent } from './http-api-event';
export type { HttpApiEventInput } from './http-api-event';
export { buildLambdaContext } from './lambda-context';
export type { LambdaContextInput } from './lambda-context';
export { handlerClient, httpClient, silentLogger } from './test-client';
export type { TestClient, TestRequest, TestResponse } from './test-client';
export { E2E_WEBHOOK_SECRET, startLocalStackProcess } from './local-stack-process';
export type { LocalStackProcess } from './local-stack-process';
