import { toProblemResult } from '@sm/http';
import { Webhook } from 'standardwebhooks';
import { createSignatureVerifier, MalformedDeliveryError, SignatureRejectedError } from './signature';
import { TEST_SECRET } from './test-setup';

describe('verifySignature', () => {
  it('answers 400 for a webhook-id with a lone surrogate, which would sign alike as another id', () => {
    const verifySignature = createSignatureVerifier(TEST_SECRET);
    const sentAt = new Date();
    const headers = {
      'webhook-id': 'msg_\ud800',
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(TEST_SECRET).sign('msg_\udfff', sentAt, '{}'),
    };

    const verify = () => verifySignature('{}', headers);

    expect(verify).toThrow(MalformedDeliveryError);
    expect(verify).toThrow('webhook-id must be well-formed Unicode (no lone surrogates)');
  });

  // An HTTP header cannot carry a lone surrogate over the wire, so no route test reaches this answer.
  it('maps a malformed delivery to the 400 Bad Request problem', () => {
    const result = toProblemResult(new MalformedDeliveryError('webhook-id must be well-formed Unicode (no lone surrogates)'));

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:problem-type:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'webhook-id must be well-formed Unicode (no lone surrogates)',
    });
  });

  it('maps a rejected signature to the 401 Unauthorized problem', () => {
    const result = toProblemResult(new SignatureRejectedError('webhook signature rejected: No matching signature found'));

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:problem-type:unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: 'webhook signature rejected: No matching signature found',
    });
  });
});
