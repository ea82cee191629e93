import { createHttpClient, type RetryLogger } from '@sm/http-client';
import type { SubscriberTarget } from './attempt-delivery';
import { subscribersOf, type IntegrationServiceConfig } from './config';

/**
 * The configured subscribers, each with an HTTP client of its own under the configured timeouts and
 * attempts. The clients read `now`, the clock the deadline is set by, so an injected clock moves both.
 */
export function createSubscriberTargets(config: IntegrationServiceConfig, options: { now: () => Date; logger: RetryLogger }): SubscriberTarget[] {
  return subscribersOf(config).map((subscriber) => ({
    ...subscriber,
    client: createHttpClient({
      service: `subscriber ${new URL(subscriber.url).host}`,
      timeoutMs: config.DELIVERY_ATTEMPT_TIMEOUT_MS,
      deadlineMs: config.DELIVERY_DEADLINE_MS,
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
      now: () => options.now().getTime(),
      logger: options.logger,
    }),
  }));
}
