import './english-messages';
import * as z from 'zod/mini';
import { EventEnvelopeSchema } from './envelope';

/** Longest plain-text callback, in Unicode characters (code points), not UTF-16 units. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * Text of 1 to 10 000 Unicode characters, kept exactly as sent. zod's length checks count UTF-16
 * units, hence the refinements; JSON Schema's `minLength`/`maxLength` count characters (code
 * points), so the OpenAPI documents state the same limit through the metadata.
 */
export const CallbackTextSchema = z
  .string()
  .check(
    z.refine((text) => text.length > 0, 'must not be empty'),
    z.refine((text) => [...text].length <= MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
  )
  .register(z.globalRegistry, { minLength: 1, maxLength: MAX_TEXT_LENGTH });

/**
 * The plain form of a callback or integration request.
 *
 * @example
 * TextMessageSchema.parse({ text: 'Hello, Serverless Microservices架构!' });
 */
export const TextMessageSchema = z.strictObject({ text: CallbackTextSchema });
export type TextMessage = z.infer<typeof TextMessageSchema>;

/**
 * A callback's id as the service issues it: `cb_<uuid>` for plain text, `cb_wh_<32 hex digits>`
 * (a hash of the webhook id) for a signed delivery. Nothing else can name a stored callback.
 *
 * @example
 * CallbackIdSchema.safeParse('cb_wh_0123456789abcdef0123456789abcdef').success; // true
 */
export const CallbackIdSchema = z
  .string()
  .check(z.regex(/^cb_(?:wh_[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be cb_<uuid> or cb_wh_<32 hex digits>'));

/** A stored callback, as `POST /api/callback` and `GET /api/callbacks` return it. */
export const CallbackRecordSchema = z.object({
  id: CallbackIdSchema,
  receivedAt: z.iso.datetime(),
  kind: z.enum(['text', 'event']),
  text: z.optional(z.string()),
  event: z.optional(EventEnvelopeSchema),
  duplicate: z.boolean(),
});
export type CallbackRecord = z.infer<typeof CallbackRecordSchema>;
