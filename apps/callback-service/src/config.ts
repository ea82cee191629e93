import { envBoolean, envTableName, ServiceConfigSchema } from '@sm/config';
import * as z from 'zod/mini';

export const CallbackServiceConfigSchema = z.extend(ServiceConfigSchema, {
  /** Standard Webhooks signing secret shared with senders (`whsec_` + base64). */
  WEBHOOK_SECRET: z.string().check(z.regex(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, 'must be whsec_ followed by at least 18 bytes of base64')),
  /** Unsigned `{text}` callbacks are refused unless this says otherwise. */
  ALLOW_UNSIGNED_CALLBACKS: z._default(envBoolean, false),
  CALLBACKS_TABLE: envTableName,
});
export type CallbackServiceConfig = z.infer<typeof CallbackServiceConfigSchema>;
