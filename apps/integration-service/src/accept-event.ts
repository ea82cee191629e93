import { InputTooLargeError } from '@sm/errors';
import { MAX_EVENT_BYTES, type DeliveryReport, type EventEnvelope, type IntegrationRequest } from '@sm/events';
import { ItemTooLargeError, type Store } from '@sm/storage';
import type { Subscriber } from './config';
import { deliverEvent, type DeliveryTarget, type WebhookSigner } from './deliver-event';

/** A delivery report as stored: the report plus when the event was accepted, its order in the store. */
export interface StoredReport {
  eventId: string;
  acceptedAt: string;
  report: DeliveryReport;
}

/** A subscriber with the HTTP client that reaches it. */
export type SubscriberTarget = Subscriber & DeliveryTarget;

export interface AcceptEventDeps {
  reports: Store<StoredReport>;
  subscribers: SubscriberTarget[];
  webhook: WebhookSigner;
  source: string;
  deadlineMs: number;
  now: () => Date;
  newId: () => string;
}

export interface AcceptedEvent {
  report: DeliveryReport;
  /** Every delivery failed (and there was at least one): the caller answers 502. */
  allFailed: boolean;
}

export function toEnvelope(input: IntegrationRequest, deps: Pick<AcceptEventDeps, 'now' | 'newId' | 'source'>): EventEnvelope {
  const time = deps.now().toISOString();
  if ('text' in input) return { id: `evt_${deps.newId()}`, type: 'message', time, source: deps.source, data: { text: input.text } };
  return { id: input.id ?? `evt_${deps.newId()}`, type: input.type, time, source: deps.source, data: input.data };
}

function subscribesTo(subscriber: Subscriber, type: string): boolean {
  return subscriber.types.includes('*') || subscriber.types.includes(type);
}

function outcome(report: DeliveryReport): AcceptedEvent {
  const allFailed = report.deliveries.length > 0 && report.deliveries.every((delivery) => delivery.status === 'failed');
  return { report, allFailed };
}

/** An event larger than a subscriber may store. */
export class EventTooLargeError extends InputTooLargeError {
  readonly bytes: number;
  constructor(bytes: number, options?: ErrorOptions) {
    super(`the event is ${bytes} bytes as JSON; the limit is ${MAX_EVENT_BYTES} bytes (256 KiB) per event`, options);
    this.name = 'EventTooLargeError';
    this.bytes = bytes;
  }
}

/** An event no subscriber could store is refused before anyone receives it. */
function checkEventSize(event: EventEnvelope): void {
  const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
  if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(bytes);
}

/**
 * Stores the report, or, when the subscribers' answers make it larger than a stored item may be
 * (each may echo the event back), the report without their answers: by then every delivery has
 * happened, and its outcome matters more than the body that came with it.
 */
async function storeReport(reports: Store<StoredReport>, stored: StoredReport): Promise<StoredReport> {
  try {
    return (await reports.putIfAbsent(stored)).item;
  } catch (error) {
    if (!(error instanceof ItemTooLargeError)) throw error;
    const deliveries = stored.report.deliveries.map((delivery) => ({ ...delivery, response: null }));
    return (await reports.putIfAbsent({ ...stored, report: { ...stored.report, deliveries } })).item;
  }
}

/**
 * Wraps the input in the envelope and delivers it, signed, to every subscriber of its type, in
 * parallel under one deadline. An event id seen before is not delivered again: its stored report
 * is the answer. Two concurrent first posts of one id may both deliver, but they send one webhook id,
 * so subscribers store it once, and the report store keeps the first report written.
 */
export function createAcceptEvent(deps: AcceptEventDeps) {
  return async function acceptEvent(input: IntegrationRequest, correlationId: string): Promise<AcceptedEvent> {
    const event = toEnvelope(input, deps);
    checkEventSize(event);
    const seen = await deps.reports.get(event.id);
    if (seen) return outcome(seen.report);

    // The subscribers' http clients measure this deadline against the same clock (the composition
    // root hands them `now`), so an injected clock moves the deadline and the attempts that consume it together.
    const deadline = deps.now().getTime() + deps.deadlineMs;
    const targets = deps.subscribers.filter((subscriber) => subscribesTo(subscriber, event.type));
    const deliveries = await Promise.all(
      targets.map((target) => deliverEvent(event, target, { webhook: deps.webhook, now: deps.now, deadline, correlationId })),
    );
    const stored = await storeReport(deps.reports, { eventId: event.id, acceptedAt: event.time, report: { eventId: event.id, deliveries } });
    return outcome(stored.report);
  };
}
