import { ResourceConflictError, ResourceNotFoundError } from '@sm/errors';
import type { DeliveryReport } from '@sm/events';
import type { OutboxDeps } from './attempt-delivery';
import { queuedDelivery } from './accept-event';
import { deliveryId, reportOf, unclaimed, updateEvent, type OutboxDelivery, type StoredEvent } from './outbox';

function notFailed(stored: StoredEvent): StoredEvent {
  const copy = { ...stored };
  delete copy.failedAt;
  return copy;
}

/**
 * Queues an event's dead-lettered deliveries again, due now, for a new round of the schedule (their
 * history stays); a delivery its accepting process never queued is queued too. The event leaves the
 * failed list. An event with nothing to replay is a conflict: replaying is for dead letters.
 */
export function createReplayEvent(deps: OutboxDeps) {
  return async function replayEvent(eventId: string): Promise<DeliveryReport> {
    const stored = await deps.events.get(eventId);
    if (stored === undefined) throw new ResourceNotFoundError(`no delivery report for event "${eventId}"`);
    const { event, subscribers } = stored;
    if (event === undefined || subscribers === undefined) {
      throw new ResourceConflictError(`event "${eventId}" was accepted before deliveries were kept for retries; it cannot be replayed`);
    }
    const now = deps.now();
    const current = await Promise.all(subscribers.map((_url, index) => deps.deliveries.get(deliveryId(eventId, index))));
    const requeued = await Promise.all(
      subscribers.map(async (url, index) => {
        const delivery = current[index];
        if (delivery === undefined) {
          const queued: OutboxDelivery = { ...unclaimed(queuedDelivery(event, url, index, `replay-${eventId}`, now, 0)), dueAt: now.toISOString() };
          return (await deps.deliveries.putIfAbsent(queued)).created;
        }
        if (delivery.status !== 'failed') return false;
        const again: OutboxDelivery = { ...delivery, status: 'pending', dueAt: now.toISOString(), roundStart: delivery.history.length };
        return deps.deliveries.replace(delivery, again);
      }),
    );
    if (!requeued.some(Boolean)) throw new ResourceConflictError(`event "${eventId}" has no failed deliveries to replay`);
    await updateEvent(deps.events, eventId, notFailed);
    return reportOf((await deps.events.get(eventId)) ?? stored, deps.deliveries);
  };
}
