import './english-messages';
import * as z from 'zod/mini';
import { CallbackTextSchema } from './callback';
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

/** The outcome of delivering one event to one subscriber. */
export const DeliverySchema = z.object({
  url: z.string(),
  status: z.enum(['delivered', 'failed']),
  attempts: z.number().check(z.int(), z.gte(0)),
  responseStatus: z.nullable(z.number().check(z.int())),
  durationMs: z.number().check(z.gte(0)),
  /** The subscriber's answer, parsed; with `responseTruncated`, only its beginning, as text. */
  response: z.nullable(z.json()),
  responseTruncated: z.optional(z.literal(true)),
  error: z.optional(z.string()),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** What `POST /api/integration` and `GET /api/integration/{eventId}` answer. */
export const DeliveryReportSchema = z.object({
  eventId: z.string(),
  deliveries: z.array(DeliverySchema),
});
export type DeliveryReport = z.infer<typeof DeliveryReportSchema>;
