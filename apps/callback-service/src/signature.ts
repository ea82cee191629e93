import { UnauthorizedError } from '@sm/http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** Whether the request claims to be a signed delivery (any Standard Webhooks header present). */
export function isSignedDelivery(headers: Record<string, string | undefined>): boolean {
  return WEBHOOK_HEADERS.some((name) => headers[name] !== undefined);
}

/**
 * Verifies a Standard Webhooks signature over the exact payload; the library also rejects a
 * timestamp more than 5 minutes from now. Returns the webhook id.
 */
export function createSignatureVerifier(secret: string) {
  const webhook = new Webhook(secret);
  return function verifySignature(payload: string, headers: Record<string, string | undefined>): string {
    const missing = WEBHOOK_HEADERS.filter((name) => !headers[name]);
    if (missing.length > 0) throw new UnauthorizedError(`signed delivery is missing ${missing.join(', ')}`);
    const signed = Object.fromEntries(WEBHOOK_HEADERS.map((name) => [name, headers[name] ?? '']));
    try {
      webhook.verify(payload, signed);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw new UnauthorizedError(`webhook signature rejected: ${error.message}`, { cause: error });
      }
      throw error;
    }
    return signed['webhook-id'] ?? '';
  };
}
export type SignatureVerifier = ReturnType<typeof createSignatureVerifier>;
