import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"1","type":"feedback.sent"}';

  it('should be the hex HMAC-SHA256 of "t.body" when signed', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_a', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('should verify when the secret, body and time match', () => {
    expect(verifyWebhookSignature('whsec_a', signWebhook('whsec_a', body, 1000), body, 1100)).toBe(true);
  });

  it('should fail when the secret, the body or the timestamp differs', () => {
    const header = signWebhook('whsec_a', body, 1000);
    expect(verifyWebhookSignature('whsec_b', header, body, 1000)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', header, body + ' ', 1000)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', header.replace('t=1000', 't=1001'), body, 1000)).toBe(false);
  });

  it('should fail when the signature is older than the tolerance or malformed', () => {
    expect(verifyWebhookSignature('whsec_a', signWebhook('whsec_a', body, 1000), body, 1301)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', 'v1=abc', body, 1000)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', 't=1000,v1=zz', body, 1000)).toBe(false);
  });
});
