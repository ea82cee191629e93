import { BadRequestError } from '@sm/http';
import { Webhook } from 'standardwebhooks';
import { createSignatureVerifier } from './signature';
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

    expect(verify).toThrow(BadRequestError);
    expect(verify).toThrow('webhook-id must be well-formed Unicode (no lone surrogates)');
  });
});
