import type { RequestListener } from 'node:http';
import { contractChecker, type CheckedDocument, type ContractChecker } from './contract-check';
import { authorizerRefusal, handlerRefusal, type Refusal } from './refusal';
import { handlerClient, httpClient, type StructuredHandler, type TestClient } from './test-client';
import type { TestIssuer } from './test-issuer';

/**
 * The listeners a gateway transport sends requests to: the stage's `api`, and `sites` for an app
 * that serves sites (see `appGateways` in @sm/local-gateway, which this lib may not import: its
 * own tests import this one).
 *
 * @example
 * const gateway = (handler: StructuredHandler): GatewayListeners => appGateways({ workspaceRoot, app: 'notes-service', handler, authorizer: issuer });
 */
export interface GatewayListeners {
  api: RequestListener;
  sites?: RequestListener;
}

/**
 * What `routeTransports` needs to know of a service: see its example.
 *
 * @example
 * const options: RouteTransportOptions<[], { handler: StructuredHandler }> = { app: 'notes-service', issuer, start: () => ({ handler }), gateway };
 */
export interface RouteTransportOptions<Args extends unknown[], Service extends { handler: StructuredHandler }> {
  /** The app's name, the function name its handler sees in `context`. */
  app: string;
  /** Signs the gateway's tokens and the claims the handler transport passes on. */
  issuer: TestIssuer;
  /** Builds a fresh service for one test: its handler and whatever the suite looks at besides (its stores). */
  start: (...args: Args) => Service;
  /** Serves a handler the way it is deployed: the local gateway over the app's deploy.json routes. */
  gateway: (handler: StructuredHandler) => GatewayListeners;
}

/**
 * One way to reach a service, as `describe.each` takes it: its name, a start that adds the client, and how it refuses a caller.
 *
 * @example
 * describe.each(transports)('notes-service through the %s', (_name, start, refusal) => { ... });
 */
export type RouteTransport<Args extends unknown[], Service> = [name: 'handler' | 'local gateway', start: (...args: Args) => Service & { client: TestClient }, refusal: Refusal];

/**
 * The same service reached two ways, for one route suite over both (as Powertools runs one suite
 * over API Gateway v1 and v2): its handler with a built event, carrying the claims the authorizer
 * would have passed on, and real HTTP through the local gateway behind the test issuer's JWT
 * authorizer. Each comes with how it refuses a caller (problem+json from the handler's own check,
 * `{"message"}` from the authorizer).
 *
 * @example
 * export const transports = routeTransports({
 *   app: 'notes-service',
 *   issuer,
 *   start: () => {
 *     const notes = createMemoryStore(noteKeys);
 *     return { notes, handler: createNotesService(testConfig, { notes }) };
 *   },
 *   gateway: (handler) => appGateways({ workspaceRoot, app: 'notes-service', handler, authorizer: issuer, logger: silentLogger }),
 * });
 *
 * describe.each(transports)('notes-service through the %s', (_transport, start, refusal) => {
 *   it('answers 401 without a token', async () => {
 *     const { client } = start();
 *     expect(await client({ method: 'GET', path: '/api/notes' })).toMatchObject(refusal(401));
 *   });
 * });
 */
export function routeTransports<Args extends unknown[], Service extends { handler: StructuredHandler }>(
  options: RouteTransportOptions<Args, Service>,
): [handler: RouteTransport<Args, Omit<Service, 'handler'>>, gateway: RouteTransport<Args, Omit<Service, 'handler'>>] {
  const over =
    (client: (handler: StructuredHandler) => TestClient) =>
    (...args: Args) => {
      const { handler, ...service } = options.start(...args);
      return { ...service, client: checkedAgainstContract(client(handler), options.app) };
    };
  return [
    ['handler', over((handler) => handlerClient(handler, options.app, options.issuer)), handlerRefusal],
    [
      'local gateway',
      over((handler) => {
        const { api, sites } = options.gateway(handler);
        return httpClient(api, { issuer: options.issuer, ...(sites === undefined ? {} : { sites }) });
      }),
      authorizerRefusal,
    ],
  ];
}

/** One checker per document: the suites start a service per test, and the document rarely differs. */
const checkers = new Map<string, ContractChecker>();

/**
 * The client, with every response it receives checked against the OpenAPI document the service
 * itself serves at `GET /<app>/openapi.json` (fetched once per client): an undeclared status or
 * media type, or a body its schema refuses, fails the test, so a handler cannot drift from its contract.
 */
function checkedAgainstContract(client: TestClient, app: string): TestClient {
  let checker: Promise<ContractChecker> | undefined;
  const fetchChecker = async (): Promise<ContractChecker> => {
    const served = await client({ method: 'GET', path: `/${app}/openapi.json` });
    const isDocument = typeof served.json === 'object' && served.json !== null && 'openapi' in served.json && 'paths' in served.json;
    if (served.status !== 200 || !isDocument) throw new Error(`${app} serves no OpenAPI document: GET /${app}/openapi.json answered ${served.status} ${served.text}`);
    let found = checkers.get(served.text);
    if (found === undefined) {
      found = contractChecker(served.json as CheckedDocument);
      checkers.set(served.text, found);
    }
    return found;
  };
  return async (request) => {
    const response = await client(request);
    checker ??= fetchChecker();
    const problems = (await checker)(request, response);
    if (problems.length > 0) throw new Error(`the response breaks ${app}'s OpenAPI document:\n${problems.join('\n')}`);
    return response;
  };
}
