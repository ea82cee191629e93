import './english-messages';
import * as z from 'zod/mini';
import { CallbackTextSchema } from './callback';
import { PageQuerySchema, pageSchema } from './common';
import { EventIdSchema, EventTypeSchema } from './envelope';

/** An event posted to the integration-service; the service fills in `time` and `source`. */
export const EventInputSchema = z.strictObject({
  type: EventTypeSchema,
  data: z.json(),
  id: z.optional(EventIdSchema),
});
export type EventInput = z.infer<typeof EventInputSchema>;

/**
 * The body of `POST /api/integration`: plain text or an event.
 *
 * @example
 * IntegrationRequestSchema.parse({ type: 'order.paid', data: { orderId: 7 } });
 */
export const IntegrationRequestSchema = z.union([z.strictObject({ text: CallbackTextSchema }), EventInputSchema]);
export type IntegrationRequest = z.infer<typeof IntegrationRequestSchema>;

/**
 * One attempt at delivering an event to a subscriber: when, what it answered (null without an answer), how long it took, and why it failed.
 *
 * @example
 * DeliveryAttemptSchema.parse({ at: '2026-12-02T10:00:05.000Z', responseStatus: 503, durationMs: 41, error: 'subscriber answered 503' });
 */
export const DeliveryAttemptSchema = z.object({
  at: z.iso.datetime(),
  responseStatus: z.nullable(z.number().check(z.int())),
  durationMs: z.number().check(z.gte(0)),
  error: z.optional(z.string()),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

/**
 * The outcome of delivering one event to one subscriber so far: `delivered`, `retrying` (the next
 * attempt is due at `nextAttemptAt`) or `failed` (dead-lettered: every attempt of the schedule failed,
 * or the subscriber answered 410 Gone). `attempts` counts the HTTP requests sent; `history` lists the
 * scheduled attempts, each of which may have sent more than one request (the http client retries a
 * transient failure within it); the other fields describe the latest attempt.
 */
export const DeliverySchema = z.object({
  url: z.string(),
  status: z.enum(['delivered', 'retrying', 'failed']),
  nextAttemptAt: z.optional(z.iso.datetime()),
  attempts: z.number().check(z.int(), z.gte(0)),
  responseStatus: z.nullable(z.number().check(z.int())),
  durationMs: z.number().check(z.gte(0)),
  /** The subscriber's answer, parsed; with `responseTruncated`, only its beginning, as text. */
  response: z.nullable(z.json()),
  responseTruncated: z.optional(z.literal(true)),
  error: z.optional(z.string()),
  history: z.array(DeliveryAttemptSchema),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** What `POST /api/integration`, `GET /api/integration/{eventId}` and its replay answer. */
export const DeliveryReportSchema = z.object({
  eventId: EventIdSchema,
  deliveries: z.array(DeliverySchema),
});
export type DeliveryReport = z.infer<typeof DeliveryReportSchema>;

/**
 * An item of `GET /api/integration?status=failed`: an event at least one of whose deliveries is dead-lettered, since `failedAt`.
 *
 * @example
 * FailedEventSchema.parse({ eventId: 'evt_1', type: 'order.paid', acceptedAt: '2026-12-02T10:00:00.000Z', failedAt: '2026-12-03T07:35:00.000Z' });
 */
export const FailedEventSchema = z.object({
  eventId: EventIdSchema,
  type: EventTypeSchema,
  acceptedAt: z.iso.datetime(),
  failedAt: z.iso.datetime(),
});
export type FailedEvent = z.infer<typeof FailedEventSchema>;

/**
 * What `GET /api/integration?status=failed` answers: a page of dead-lettered events, newest first, and the cursor of the next (null after the last).
 *
 * @example
 * FailedEventPageSchema.parse({ items: [], nextCursor: null });
 */
export const FailedEventPageSchema = pageSchema(FailedEventSchema);
export type FailedEventPage = z.infer<typeof FailedEventPageSchema>;

/**
 * The query of `GET /api/integration`: `status=failed` (the one list there is, the dead letters) and a page.
 *
 * @example
 * IntegrationListQuerySchema.parse({ status: 'failed', limit: '10' });
 */
export const IntegrationListQuerySchema = z.extend(PageQuerySchema, { status: z.literal('failed') });
export type IntegrationListQuery = z.infer<typeof IntegrationListQuerySchema>;
