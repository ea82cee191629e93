import { envBoolean, envTableName, ServiceConfigSchema } from '@sm/config';
import * as v from 'valibot';

export const CallbackServiceConfigSchema = v.object({
  ...ServiceConfigSchema.entries,
  /** Standard Webhooks signing secret shared with senders (`whsec_` + base64). */
  WEBHOOK_SECRET: v.pipe(v.string(), v.regex(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, 'must be whsec_ followed by at least 18 bytes of base64')),
  /** Unsigned `{text}` callbacks are refused unless this says otherwise. */
  ALLOW_UNSIGNED_CALLBACKS: v.optional(envBoolean, 'false'),
  CALLBACKS_TABLE: envTableName,
});
export type CallbackServiceConfig = v.InferOutput<typeof CallbackServiceConfigSchema>;
