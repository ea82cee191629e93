import { MalformedInputError, NotAuthenticatedError } from '@sm/errors';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** The headers a signature check reads; a request's headers hold them among others. */
export type SignatureHeaders = Partial<Record<(typeof WEBHOOK_HEADERS)[number], string>>;

/** Whether the delivery claims to be signed (any Standard Webhooks header present). */
export function isSignedDelivery(headers: SignatureHeaders): boolean {
  return WEBHOOK_HEADERS.some((name) => headers[name] !== undefined);
}

/** A signed delivery whose headers cannot be what was signed: a malformed input. */
export class MalformedDeliveryError extends MalformedInputError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, options);
    this.name = 'MalformedDeliveryError';
  }
}

/**
 * A signed delivery that is not signed with our secret, now: a header is missing, the signature does
 * not match, or the timestamp is stale, so the sender is not authenticated.
 */
export class SignatureRejectedError extends NotAuthenticatedError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, options);
    this.name = 'SignatureRejectedError';
  }
}

/**
 * Verifies a Standard Webhooks signature over the exact payload; the library also rejects a
 * timestamp more than 5 minutes from now. Returns the webhook id.
 */
export function createSignatureVerifier(secret: string) {
  const webhook = new Webhook(secret);
  return function verifySignature(payload: string, headers: SignatureHeaders): string {
    const missing = WEBHOOK_HEADERS.filter((name) => !headers[name]);
    if (missing.length > 0) throw new SignatureRejectedError(`signed delivery is missing ${missing.join(', ')}`);
    // The signature covers the UTF-8 bytes of the id, where every lone surrogate is U+FFFD: two ids would sign alike.
    const malformed = WEBHOOK_HEADERS.filter((name) => !(headers[name] ?? '').isWellFormed());
    if (malformed.length > 0) throw new MalformedDeliveryError(`${malformed.join(', ')} must be well-formed Unicode (no lone surrogates)`);
    const signed = Object.fromEntries(WEBHOOK_HEADERS.map((name) => [name, headers[name] ?? '']));
    try {
      // Only the signature: the caller parses the payload, so a signed body that is no JSON at all
      // is refused by the same parse as any other body.
      webhook.verify(payload, signed, { jsonParse: false });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw new SignatureRejectedError(`webhook signature rejected: ${error.message}`, { cause: error });
      }
      throw error;
    }
    return signed['webhook-id'] ?? '';
  };
}
export type SignatureVerifier = ReturnType<typeof createSignatureVerifier>;
