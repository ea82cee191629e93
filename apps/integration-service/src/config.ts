import { envHttpUrl, envInteger, envJson, envTableName, ServiceConfigSchema } from '@sm/config';
import * as v from 'valibot';

export const SubscriberSchema = v.object({
  url: envHttpUrl,
  /** Event types delivered to this subscriber; `*` means every type. */
  types: v.pipe(v.array(v.pipe(v.string(), v.minLength(1, 'must not be empty'))), v.minLength(1, 'must name at least one event type')),
});
export type Subscriber = v.InferOutput<typeof SubscriberSchema>;

export const IntegrationServiceConfigSchema = v.object({
  ...ServiceConfigSchema.entries,
  /** Standard Webhooks signing secret shared with subscribers (`whsec_` + base64). */
  WEBHOOK_SECRET: v.pipe(v.string(), v.regex(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, 'must be whsec_ followed by at least 18 bytes of base64')),
  /** Where the callback-service listens; by default it receives every event type. */
  CALLBACK_SERVICE_URL: v.optional(envHttpUrl, 'http://127.0.0.1:3000'),
  /** Replaces the default subscriber list: JSON `[{"url": "...", "types": ["order.paid"]}]`. */
  SUBSCRIBERS: v.optional(envJson(v.array(SubscriberSchema))),
  DELIVERY_ATTEMPT_TIMEOUT_MS: v.optional(envInteger(100, 25_000), '3000'),
  /** Well under API Gateway's 29 s integration limit, so a slow subscriber never costs the caller a 503. */
  DELIVERY_DEADLINE_MS: v.optional(envInteger(100, 25_000), '10000'),
  DELIVERY_MAX_ATTEMPTS: v.optional(envInteger(1, 10), '3'),
  /** The accepted events (with their delivery reports). */
  DELIVERY_REPORTS_TABLE: envTableName,
  /** The outbox: one item per delivery of an event, pending ones indexed by when they are due. */
  DELIVERIES_TABLE: v.optional(envTableName, 'deliveries'),
});
export type IntegrationServiceConfig = v.InferOutput<typeof IntegrationServiceConfigSchema>;

/** The configured subscribers, or the callback-service for every type. */
export function subscribersOf(config: IntegrationServiceConfig): Subscriber[] {
  return config.SUBSCRIBERS ?? [{ url: new URL('/api/callback', config.CALLBACK_SERVICE_URL).href, types: ['*'] }];
}
