import type { Delivery, DeliveryAttempt, EventEnvelope } from '@sm/events';
import { HttpClientError, type HttpClient, type HttpResponse } from '@sm/http-client';
import type { Webhook } from 'standardwebhooks';

/** Signs a delivery per Standard Webhooks (the `standardwebhooks` Webhook, built from the secret by the composition root). */
export type WebhookSigner = Pick<Webhook, 'sign'>;

export interface DeliveryTarget {
  url: string;
  client: HttpClient;
}

export interface DeliverOptions {
  webhook: WebhookSigner;
  now: () => Date;
  deadline: number;
  correlationId: string;
}

type JsonValue = Delivery['response'];

/** What one attempt came to: the attempt as the report lists it, and what the next step depends on. */
export interface AttemptOutcome {
  attempt: DeliveryAttempt;
  delivered: boolean;
  /** HTTP requests the attempt sent: the http client retries a transient failure within one attempt. */
  requests: number;
  response: JsonValue;
  responseTruncated?: true;
  /** The subscriber's `Retry-After`, as sent. */
  retryAfter?: string;
}

/** What a report keeps of a subscriber's answer; reading stops there, so an endless answer costs no more. */
export const MAX_STORED_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends one event to one subscriber, signed per Standard Webhooks. The webhook id is the event id,
 * so the http-client may retry the POST and the subscriber can drop redeliveries. A redirect is not
 * followed but fails the delivery, as Standard Webhooks senders do: a signed event goes only to the
 * URL subscribed, never to wherever an answer points.
 */
export async function deliverEvent(event: EventEnvelope, target: DeliveryTarget, options: DeliverOptions): Promise<AttemptOutcome> {
  const payload = JSON.stringify(event);
  const sentAt = options.now();
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const response = await target.client.request({
      method: 'POST',
      url: target.url,
      body: payload,
      deadline: options.deadline,
      correlationId: options.correlationId,
      redirect: 'manual',
      maxBodyBytes: MAX_STORED_RESPONSE_BYTES,
      headers: {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': options.webhook.sign(event.id, sentAt, payload),
      },
    });
    const delivered = response.status >= 200 && response.status < 300;
    const retryAfter = response.headers.get('retry-after');
    return {
      attempt: { at: sentAt.toISOString(), responseStatus: response.status, durationMs: durationMs(), ...(delivered ? {} : { error: failureOf(response) }) },
      delivered,
      requests: response.attempts,
      response: (response.body ?? null) as JsonValue,
      ...(response.bodyTruncated ? { responseTruncated: true } : {}),
      ...(retryAfter === null ? {} : { retryAfter }),
    };
  } catch (error) {
    if (!(error instanceof HttpClientError)) throw error;
    return {
      attempt: { at: sentAt.toISOString(), responseStatus: error.status ?? null, durationMs: durationMs(), error: error.message },
      delivered: false,
      requests: error.attempt,
      response: null,
    };
  }
}

function failureOf(response: HttpResponse): string {
  if (response.status < 300 || response.status >= 400) return `subscriber answered ${response.status}`;
  const location = response.headers.get('location');
  return `subscriber redirected with ${response.status} to ${location ?? 'no Location'}; webhook deliveries do not follow redirects`;
}
