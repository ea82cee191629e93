import type { Delivery, DeliveryAttempt, DeliveryReport, EventEnvelope } from '@sm/events';
import type { MutableStore, Store, StoreKeys } from '@sm/storage';

type JsonValue = Delivery['response'];

/** The group of dead-lettered events, listed newest first by `GET /api/integration?status=failed`. */
export const FAILED_GROUP = 'failed';
/** The group of pending deliveries, ordered by when each is due: the scheduled run reads it oldest first. */
export const DUE_GROUP = 'due';

/**
 * An accepted event as stored: the event, the subscribers it goes to (delivery `i` is
 * `deliveryId(eventId, i)`), and since when at least one of its deliveries is dead-lettered.
 * Events accepted before the outbox existed hold their final `report` instead.
 */
export interface StoredEvent {
  eventId: string;
  acceptedAt: string;
  event?: EventEnvelope;
  subscribers?: string[];
  failedAt?: string;
  report?: DeliveryReport;
}

/** One delivery of an event to one subscriber: the outbox entry the request and the schedule work from. */
export interface OutboxDelivery {
  id: string;
  eventId: string;
  url: string;
  event: EventEnvelope;
  correlationId: string;
  status: 'pending' | 'delivered' | 'failed';
  /** When a pending delivery's next attempt is due; while an attempt is in flight, when its claim runs out. */
  dueAt: string | null;
  /** Set while an attempt is in flight: a claim that runs out unrecorded was lost with the process that held it. */
  claimedAt?: string;
  history: DeliveryAttempt[];
  /** Where the current round of the schedule starts in `history`: a replay starts a new round. */
  roundStart: number;
  requests: number;
  response: JsonValue;
  responseTruncated?: true;
}

/** Events are keyed by id, ordered by acceptance; the dead-lettered ones are also in the failed group. */
export const eventKeys: StoreKeys<StoredEvent> = {
  keyOf: (stored) => stored.eventId,
  sortKeyOf: (stored) => stored.acceptedAt,
  groupOf: (stored) => (stored.failedAt === undefined ? undefined : FAILED_GROUP),
};

/** Pending deliveries are in the due group, ordered by due time (ISO 8601 UTC, one width, as `listGroupUpTo` needs). */
export const deliveryKeys: StoreKeys<OutboxDelivery> = {
  keyOf: (delivery) => delivery.id,
  sortKeyOf: (delivery) => delivery.dueAt ?? delivery.event.time,
  groupOf: (delivery) => (delivery.status === 'pending' ? DUE_GROUP : undefined),
};

/** The delivery with no claim on it: no attempt in flight. */
export function unclaimed(delivery: OutboxDelivery): OutboxDelivery {
  const copy = { ...delivery };
  delete copy.claimedAt;
  return copy;
}

export function deliveryId(eventId: string, index: number): string {
  return `${eventId}#${index}`;
}

/** A delivery as reported: pending ones are `retrying` until their next attempt; the answer and timing are the latest attempt's. */
export function deliveryOf(delivery: OutboxDelivery): Delivery {
  const latest = delivery.history.at(-1);
  const status = delivery.status === 'pending' ? 'retrying' : delivery.status;
  return {
    url: delivery.url,
    status,
    ...(status === 'retrying' && delivery.dueAt !== null ? { nextAttemptAt: delivery.dueAt } : {}),
    attempts: delivery.requests,
    responseStatus: latest?.responseStatus ?? null,
    durationMs: latest?.durationMs ?? 0,
    response: delivery.response,
    ...(delivery.responseTruncated ? { responseTruncated: true } : {}),
    ...(status !== 'delivered' && latest?.error !== undefined ? { error: latest.error } : {}),
    history: delivery.history,
  };
}

/**
 * A delivery the outbox does not hold: the process stopped between storing the event and queuing
 * it. Posting the event again, or replaying it, queues it.
 */
function unqueued(url: string): Delivery {
  return { url, status: 'failed', attempts: 0, responseStatus: null, durationMs: 0, response: null, error: 'never queued: post the event again or replay it', history: [] };
}

/** The report of a stored event: each of its deliveries as the outbox holds it now. */
export async function reportOf(stored: StoredEvent, deliveries: Store<OutboxDelivery>): Promise<DeliveryReport> {
  if (stored.report) return stored.report;
  const subscribers = stored.subscribers ?? [];
  const current = await Promise.all(subscribers.map((_url, index) => deliveries.get(deliveryId(stored.eventId, index))));
  return { eventId: stored.eventId, deliveries: subscribers.map((url, index) => (current[index] ? deliveryOf(current[index]) : unqueued(url))) };
}

/**
 * Applies `change` to a stored event, read afresh until no concurrent writer got in between (two
 * deliveries of one event may be dead-lettered at once); answers the event as stored.
 */
export async function updateEvent(
  events: MutableStore<StoredEvent>,
  eventId: string,
  change: (stored: StoredEvent) => StoredEvent,
): Promise<StoredEvent | undefined> {
  for (;;) {
    const current = await events.get(eventId);
    if (current === undefined) return undefined;
    const next = change(current);
    if (next === current || (await events.replace(current, next))) return next;
  }
}
