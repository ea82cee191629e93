import { envJson, envTableName, ServiceConfigSchema } from '@sm/config';
import * as z from 'zod/mini';

export const SubscriberSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Event types delivered to this subscriber; `*` means every type. */
  types: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const IntegrationServiceConfigSchema = z.extend(ServiceConfigSchema, {
  /** Standard Webhooks signing secret shared with subscribers (`whsec_` + base64). */
  WEBHOOK_SECRET: z.string().check(z.regex(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, 'must be whsec_ followed by at least 18 bytes of base64')),
  /** Where the callback-service listens; by default it receives every event type. */
  CALLBACK_SERVICE_URL: z._default(z.url({ protocol: /^https?$/ }), 'http://127.0.0.1:3000'),
  /** Replaces the default subscriber list: JSON `[{"url": "...", "types": ["order.paid"]}]`. */
  SUBSCRIBERS: z.optional(envJson(z.array(SubscriberSchema))),
  DELIVERY_ATTEMPT_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(25_000)), 3_000),
  /** Well under API Gateway's 29 s integration limit, so a slow subscriber never costs the caller a 503. */
  DELIVERY_DEADLINE_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(25_000)), 10_000),
  DELIVERY_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10)), 3),
  /** The accepted events (with their delivery reports). */
  DELIVERY_REPORTS_TABLE: envTableName,
  /** The outbox: one item per delivery of an event, pending ones indexed by when they are due. */
  DELIVERIES_TABLE: z._default(envTableName, 'deliveries'),
});
export type IntegrationServiceConfig = z.infer<typeof IntegrationServiceConfigSchema>;

/** The configured subscribers, or the callback-service for every type. */
export function subscribersOf(config: IntegrationServiceConfig): Subscriber[] {
  return config.SUBSCRIBERS ?? [{ url: new URL('/api/callback', config.CALLBACK_SERVICE_URL).href, types: ['*'] }];
}
