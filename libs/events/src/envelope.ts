import './english-messages';
import * as z from 'zod/mini';

/** An event type such as `message` or `app.created`: lower-case words joined by dots, dashes or underscores. */
export const EventTypeSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(100), z.regex(/^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/, 'must be lower-case words joined by ".", "-" or "_"'));

/** Ids chosen by producers: printable ASCII without spaces, so they fit headers and store keys. */
export const EventIdSchema = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'));

/**
 * The envelope every event travels in, shared by producers and consumers.
 *
 * @example
 * const event: EventEnvelope = { id: 'evt_1', type: 'message', time: new Date().toISOString(), source: 'integration-service', data: { text: 'hi' } };
 */
export const EventEnvelopeSchema = z.object({
  id: EventIdSchema,
  type: EventTypeSchema,
  time: z.iso.datetime({ offset: true }),
  source: z.string().check(z.minLength(1), z.maxLength(200)),
  data: z.json(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/**
 * The largest event envelope, as UTF-8 JSON, that producers may send: 256 KiB, what EventBridge,
 * SNS and SQS carry, and what leaves a subscriber room to store it in a 400 KB DynamoDB item
 * with its own record around it.
 */
export const MAX_EVENT_BYTES = 256 * 1024;
