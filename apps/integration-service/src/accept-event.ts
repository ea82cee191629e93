import type { DeliveryReport, EventEnvelope, IntegrationRequest } from '@sm/events';
import type { Store } from '@sm/storage';
import type { Webhook } from 'standardwebhooks';
import type { Subscriber } from './config';
import { deliverEvent, type DeliveryTarget } from './deliver-event';

/** A delivery report as stored: the report plus when the event was accepted, its order in the store. */
export interface StoredReport {
  eventId: string;
  acceptedAt: string;
  report: DeliveryReport;
}

export interface AcceptEventDeps {
  reports: Store<StoredReport>;
  subscribers: Array<Subscriber & DeliveryTarget>;
  webhook: Webhook;
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

/**
 * Wraps the input in the envelope and delivers it, signed, to every subscriber of its type, in
 * parallel under one deadline. An event id seen before is not delivered again: its stored report
 * is the answer. Two concurrent first posts of one id may both deliver, but they send one webhook id,
 * so subscribers store it once, and the report store keeps the first report written.
 */
export function createAcceptEvent(deps: AcceptEventDeps) {
  return async function acceptEvent(input: IntegrationRequest, correlationId: string): Promise<AcceptedEvent> {
    const event = toEnvelope(input, deps);
    const seen = await deps.reports.get(event.id);
    if (seen) return outcome(seen.report);

    const deadline = Date.now() + deps.deadlineMs;
    const targets = deps.subscribers.filter((subscriber) => subscribesTo(subscriber, event.type));
    const deliveries = await Promise.all(
      targets.map((target) => deliverEvent(event, target, { webhook: deps.webhook, now: deps.now, deadline, correlationId })),
    );
    const stored = await deps.reports.putIfAbsent({
      eventId: event.id,
      acceptedAt: event.time,
      report: { eventId: event.id, deliveries },
    });
    return outcome(stored.item.report);
  };
}
