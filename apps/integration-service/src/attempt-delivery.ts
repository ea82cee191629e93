import { ItemTooLargeError, type MutableStore } from '@sm/storage';
import type { Subscriber } from './config';
import { deliverEvent, type AttemptOutcome, type DeliveryTarget, type WebhookSigner } from './deliver-event';
import { unclaimed, updateEvent, type OutboxDelivery, type StoredEvent } from './outbox';
import { MAX_DELIVERY_ATTEMPTS, nextAttemptAt, retryAfterMs } from './retry-schedule';

/** A subscriber with the HTTP client that reaches it. */
export type SubscriberTarget = Subscriber & DeliveryTarget;

/** What delivering from the outbox needs, in the request and in the scheduled run alike. */
export interface OutboxDeps {
  events: MutableStore<StoredEvent>;
  deliveries: MutableStore<OutboxDelivery>;
  subscribers: SubscriberTarget[];
  webhook: WebhookSigner;
  /** How long one attempt may take, its http client's retries included. */
  deadlineMs: number;
  now: () => Date;
  /** Jitters the waits between attempts; `Math.random` in production. */
  random: () => number;
}

/** Time to record an attempt's outcome after its deadline, before its claim runs out and another run may take the delivery over. */
const CLAIM_MARGIN_MS = 5_000;

/** When a claim taken at `now` runs out: after the attempt's deadline and the time to record it. */
export function claimUntil(now: Date, deadlineMs: number): string {
  return new Date(now.getTime() + deadlineMs + CLAIM_MARGIN_MS).toISOString();
}

/** Attempts of the current round so far: a replay starts the schedule again but keeps the history. */
export function attemptsInRound(delivery: OutboxDelivery): number {
  return delivery.history.length - delivery.roundStart;
}

function notSubscribed(url: string, now: Date): AttemptOutcome {
  return {
    attempt: { at: now.toISOString(), responseStatus: null, durationMs: 0, error: `${url} is no longer a configured subscriber` },
    delivered: false,
    requests: 0,
    response: null,
  };
}

/** The delivery after an attempt: delivered, dead-lettered (410, or the schedule is over), or due again per the schedule. */
function afterAttempt(claimed: OutboxDelivery, outcome: AttemptOutcome, deps: Pick<OutboxDeps, 'now' | 'random'>): OutboxDelivery {
  const gone = outcome.attempt.responseStatus === 410;
  const attempt = gone ? { ...outcome.attempt, error: 'subscriber answered 410 Gone: it takes no more deliveries, so none is retried' } : outcome.attempt;
  const done: OutboxDelivery = {
    ...unclaimed(claimed),
    history: [...claimed.history, attempt],
    requests: claimed.requests + outcome.requests,
    response: outcome.response,
    dueAt: null,
  };
  if (outcome.responseTruncated) done.responseTruncated = true;
  else delete done.responseTruncated;
  if (outcome.delivered) return { ...done, status: 'delivered' };
  if (gone) return { ...done, status: 'failed' };
  const failedAt = deps.now();
  const due = nextAttemptAt(attemptsInRound(done), failedAt, { random: deps.random, retryAfterMs: retryAfterMs(outcome.retryAfter ?? null, failedAt) });
  return due === undefined ? { ...done, status: 'failed' } : { ...done, status: 'pending', dueAt: due.toISOString() };
}

/**
 * Records a delivery's new state in place of the one this process claimed. A dead letter is first
 * marked on its event, so a crash in between lists the event as failed rather than losing sight of
 * it. When the claim ran out and another run took the delivery over, its record stands.
 */
export async function recordDelivery(deps: Pick<OutboxDeps, 'events' | 'deliveries'>, claimed: OutboxDelivery, next: OutboxDelivery): Promise<OutboxDelivery> {
  if (next.status === 'failed') {
    const failedAt = next.history.at(-1)?.at ?? claimed.event.time;
    await updateEvent(deps.events, next.eventId, (stored) => (stored.failedAt === undefined ? { ...stored, failedAt } : stored));
  }
  let replaced: boolean;
  try {
    replaced = await deps.deliveries.replace(claimed, next);
  } catch (error) {
    // The subscriber's answer made the record too large (the event is up to 256 KiB): its status matters more than its body.
    if (!(error instanceof ItemTooLargeError)) throw error;
    next = { ...next, response: null };
    delete next.responseTruncated;
    replaced = await deps.deliveries.replace(claimed, next);
  }
  return replaced ? next : ((await deps.deliveries.get(claimed.id)) ?? next);
}

/**
 * Makes one attempt at a delivery this process has claimed: signs it afresh (Standard Webhooks,
 * with the event id as `webhook-id`, so subscribers drop redeliveries) and records the outcome.
 */
export function createAttemptDelivery(deps: OutboxDeps) {
  return async function attemptDelivery(claimed: OutboxDelivery): Promise<OutboxDelivery> {
    const target = deps.subscribers.find((subscriber) => subscriber.url === claimed.url);
    const started = deps.now();
    const outcome = target
      ? await deliverEvent(claimed.event, target, { webhook: deps.webhook, now: deps.now, deadline: started.getTime() + deps.deadlineMs, correlationId: claimed.correlationId })
      : notSubscribed(claimed.url, started);
    return recordDelivery(deps, claimed, afterAttempt(claimed, outcome, deps));
  };
}

/**
 * Claims a due delivery for one attempt with a conditional write: of concurrent runs that read it,
 * exactly one gets it. A claim left by a process that stopped mid-attempt counts as an attempt whose
 * outcome is unknown; when that was the round's last, the delivery is dead-lettered instead.
 * Answers the claimed delivery, or undefined when there is nothing to attempt.
 */
export async function claimDelivery(deps: OutboxDeps, due: OutboxDelivery): Promise<OutboxDelivery | undefined> {
  const now = deps.now();
  const history =
    due.claimedAt === undefined
      ? due.history
      : [...due.history, { at: due.claimedAt, responseStatus: null, durationMs: 0, error: 'no outcome recorded: the process sending it stopped' }];
  if (history.length - due.roundStart >= MAX_DELIVERY_ATTEMPTS) {
    await recordDelivery(deps, due, { ...unclaimed(due), history, status: 'failed', dueAt: null });
    return undefined;
  }
  const claimed: OutboxDelivery = { ...due, history, claimedAt: now.toISOString(), dueAt: claimUntil(now, deps.deadlineMs) };
  return (await deps.deliveries.replace(due, claimed)) ? claimed : undefined;
}
