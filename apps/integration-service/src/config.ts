import { envJson, envTableName, ServiceConfigSchema } from '@sm/config';
import * as z from 'zod';

export const SubscriberSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Event types delivered to this subscriber; `*` means every type. */
  types: z.array(z.string().min(1)).min(1),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const IntegrationServiceConfigSchema = ServiceConfigSchema.extend({
  /** Standard Webhooks signing secret shared with subscribers (`whsec_` + base64). */
  WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, 'must be whsec_ followed by at least 18 bytes of base64'),
  /** Where the callback-service listens; by default it receives every event type. */
  CALLBACK_SERVICE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** Replaces the default subscriber list: JSON `[{"url": "...", "types": ["order.paid"]}]`. */
  SUBSCRIBERS: envJson(z.array(SubscriberSchema)).optional(),
  DELIVERY_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).max(25_000).default(3_000),
  /** Well under API Gateway's 29 s integration limit, so a slow subscriber never costs the caller a 503. */
  DELIVERY_DEADLINE_MS: z.coerce.number().int().min(100).max(25_000).default(10_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  DELIVERY_REPORTS_TABLE: envTableName,
});
export type IntegrationServiceConfig = z.infer<typeof IntegrationServiceConfigSchema>;

/** The configured subscribers, or the callback-service for every type. */
export function subscribersOf(config: IntegrationServiceConfig): Subscriber[] {
  return config.SUBSCRIBERS ?? [{ url: new URL('/api/callback', config.CALLBACK_SERVICE_URL).href, types: ['*'] }];
}
