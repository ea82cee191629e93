import { InputTooLargeError } from '@sm/errors';
import { MAX_EVENT_BYTES, type DeliveryReport, type EventEnvelope, type IntegrationRequest } from '@sm/events';
import { claimUntil, createAttemptDelivery, type OutboxDeps } from './attempt-delivery';
import type { Subscriber } from './config';
import { deliveryId, deliveryOf, reportOf, type OutboxDelivery, type StoredEvent } from './outbox';

export interface AcceptEventDeps extends OutboxDeps {
  source: string;
  newId: () => string;
}

export interface AcceptedEvent {
  report: DeliveryReport;
  /** At least one delivery failed and will be attempted again on the schedule: the caller answers 202. */
  retrying: boolean;
  /** Every delivery failed for good (and there was at least one): the caller answers 502. */
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

export function outcome(report: DeliveryReport): AcceptedEvent {
  const { deliveries } = report;
  return {
    report,
    retrying: deliveries.some((delivery) => delivery.status === 'retrying'),
    allFailed: deliveries.length > 0 && deliveries.every((delivery) => delivery.status === 'failed'),
  };
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
 * A delivery as queued by the request that accepts its event: claimed by that request for the first
 * attempt, so no scheduled run sends it meanwhile; should the request's process stop, the claim runs
 * out and the schedule delivers it.
 */
export function queuedDelivery(event: EventEnvelope, url: string, index: number, correlationId: string, now: Date, deadlineMs: number): OutboxDelivery {
  return {
    id: deliveryId(event.id, index),
    eventId: event.id,
    url,
    event,
    correlationId,
    status: 'pending',
    dueAt: claimUntil(now, deadlineMs),
    claimedAt: now.toISOString(),
    history: [],
    roundStart: 0,
    requests: 0,
    response: null,
  };
}

/**
 * Wraps the input in the envelope and accepts it durably: the event, then one queued delivery per
 * subscriber of its type, are stored before anyone is called. Then the first attempts go, in
 * parallel, each under the deadline; what fails is retried on the schedule. An event id seen before
 * is not delivered again: its report as it stands is the answer; if the process that first accepted
 * it stopped before queuing all its deliveries (the caller got an error, and posts again), the
 * missing ones are queued and attempted now.
 */
export function createAcceptEvent(deps: AcceptEventDeps) {
  const attemptDelivery = createAttemptDelivery(deps);
  return async function acceptEvent(input: IntegrationRequest, correlationId: string): Promise<AcceptedEvent> {
    const event = toEnvelope(input, deps);
    checkEventSize(event);
    const targets = deps.subscribers.filter((subscriber) => subscribesTo(subscriber, event.type));
    const accepted: StoredEvent = { eventId: event.id, acceptedAt: event.time, event, subscribers: targets.map((target) => target.url) };
    const { item: stored } = await deps.events.putIfAbsent(accepted);
    if (stored.event === undefined || stored.subscribers === undefined) return outcome(await reportOf(stored, deps.deliveries));

    const now = deps.now();
    const { event: first, subscribers } = stored;
    const queued = await Promise.all(
      subscribers.map((url, index) => deps.deliveries.putIfAbsent(queuedDelivery(first, url, index, correlationId, now, deps.deadlineMs))),
    );
    const deliveries = await Promise.all(queued.map(({ created, item }) => (created ? attemptDelivery(item) : item)));
    return outcome({ eventId: stored.eventId, deliveries: deliveries.map(deliveryOf) });
  };
}
