import type { LambdaFunctionConfig } from '@sm/local-gateway';
import type { FunctionPool } from './function-pool';

/** Lambda's maximum function timeout. */
const MAX_TIMEOUT_SECONDS = 900;

/**
 * A pool as the local gateway's function. The pool enforces the function timeout, counted from the
 * end of init as Lambda counts it, so the gateway is given Lambda's maximum and keeps only its own
 * integration timeout (30 s): a cold start does not eat into the function's time.
 *
 * @example
 * createLocalGateway({ apis: [{ routes: [{ routeKey: '$default', fn: gatewayFunction(pool) }] }] });
 */
export function gatewayFunction(pool: FunctionPool): LambdaFunctionConfig {
  return { name: pool.fn.name, handler: pool.handler, timeoutSeconds: MAX_TIMEOUT_SECONDS, memoryMB: pool.fn.memoryMB };
}
