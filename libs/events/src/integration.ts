import * as z from 'zod';
import { CallbackTextSchema } from './callback';
import { EventIdSchema, EventTypeSchema } from './envelope';

/** An event posted to the integration-service; the service fills in `time` and `source`. */
export const EventInputSchema = z.strictObject({
  type: EventTypeSchema,
  data: z.json(),
  id: EventIdSchema.optional(),
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
  attempts: z.number().int().min(0),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().min(0),
  /** The subscriber's answer, parsed; with `responseTruncated`, only its beginning, as text. */
  response: z.json().nullable(),
  responseTruncated: z.literal(true).optional(),
  error: z.string().optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** What `POST /api/integration` and `GET /api/integration/{eventId}` answer. */
export const DeliveryReportSchema = z.object({
  eventId: z.string(),
  deliveries: z.array(DeliverySchema),
});
export type DeliveryReport = z.infer<typeof DeliveryReportSchema>;
