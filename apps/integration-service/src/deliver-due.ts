import { claimDelivery, createAttemptDelivery, type OutboxDeps } from './attempt-delivery';
import { DUE_GROUP } from './outbox';

/** Deliveries read and attempted together: one page of the due index, sent in parallel. */
export const DUE_BATCH_SIZE = 25;

export interface DeliverDueRun {
  /** Whether a batch started now still ends in time (its attempts take up to their deadline). */
  hasTimeForBatch: () => boolean;
}

/**
 * One scheduled run: reads the deliveries due by now from the due index, oldest first, claims each
 * with a conditional write (so concurrent runs never make the same attempt twice) and attempts the
 * ones it claimed, batch after batch until none is due or time runs short. A delivery is looked at
 * once per run: one another run took, or the index still showed before it caught up, waits for the next.
 * Answers how many attempts it made.
 */
export function createDeliverDue(deps: OutboxDeps) {
  const attemptDelivery = createAttemptDelivery(deps);
  return async function deliverDue(run: DeliverDueRun): Promise<{ attempted: number }> {
    const seen = new Set<string>();
    let attempted = 0;
    while (run.hasTimeForBatch()) {
      const due = (await deps.deliveries.listGroupUpTo(DUE_GROUP, deps.now().toISOString(), DUE_BATCH_SIZE)).filter((delivery) => !seen.has(delivery.id));
      if (due.length === 0) break;
      const attempts = await Promise.all(
        due.map(async (delivery) => {
          seen.add(delivery.id);
          const claimed = await claimDelivery(deps, delivery);
          if (claimed === undefined) return false;
          await attemptDelivery(claimed);
          return true;
        }),
      );
      attempted += attempts.filter(Boolean).length;
    }
    return { attempted };
  };
}
