/**
 * Thrown by `createLocalGateway` for configuration API Gateway or Lambda would refuse: an
 * invalid or conflicting route key, two APIs on one mapping, a timeout out of range.
 *
 * @example
 * try {
 *   createLocalGateway({ apis: [{ routes: [{ routeKey: 'FETCH /x', fn }] }] });
 * } catch (error) {
 *   if (error instanceof GatewayConfigError) console.error(error.message);
 * }
 */
export class GatewayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayConfigError';
  }
}
