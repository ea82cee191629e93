import type { Delivery, EventEnvelope } from '@sm/events';
import { HttpClientError, type HttpClient } from '@sm/http-client';
import type { Webhook } from 'standardwebhooks';

export interface DeliveryTarget {
  url: string;
  client: HttpClient;
}

export interface DeliverOptions {
  webhook: Webhook;
  now: () => Date;
  deadline: number;
  correlationId: string;
}

type JsonValue = Delivery['response'];

/**
 * Sends one event to one subscriber, signed per Standard Webhooks. The webhook id is the event id,
 * so the http-client may retry the POST and the subscriber can drop redeliveries.
 */
export async function deliverEvent(event: EventEnvelope, target: DeliveryTarget, options: DeliverOptions): Promise<Delivery> {
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
      headers: {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': options.webhook.sign(event.id, sentAt, payload),
      },
    });
    const delivered = response.status >= 200 && response.status < 300;
    return {
      url: target.url,
      status: delivered ? 'delivered' : 'failed',
      attempts: response.attempts,
      responseStatus: response.status,
      durationMs: durationMs(),
      response: (response.body ?? null) as JsonValue,
      ...(delivered ? {} : { error: `subscriber answered ${response.status}` }),
    };
  } catch (error) {
    if (!(error instanceof HttpClientError)) throw error;
    return {
      url: target.url,
      status: 'failed',
      attempts: error.attempt,
      responseStatus: error.status ?? null,
      durationMs: durationMs(),
      response: null,
      error: error.message,
    };
  }
}
