import * as z from 'zod/mini';
import { CallbackTextSchema, EventEnvelopeSchema, IntegrationRequestSchema, MAX_TEXT_LENGTH, PageQuerySchema, TextMessageSchema } from './index';

describe('TextMessageSchema', () => {
  it('keeps Unicode text intact', () => {
    expect(TextMessageSchema.parse({ text: 'Hello, Serverless Microservices架构!' })).toEqual({
      text: 'Hello, Serverless Microservices架构!',
    });
  });

  it('counts characters, not UTF-16 units, against the 10 000 limit', () => {
    const emoji = '😀'.repeat(10_000);

    expect(CallbackTextSchema.safeParse(emoji).success).toBe(true);
    expect(CallbackTextSchema.safeParse(emoji + 'x').success).toBe(false);
  });

  it('states the same 1 to 10 000 character limit in its JSON Schema, where lengths count characters too', () => {
    expect(z.toJSONSchema(TextMessageSchema, { io: 'input' }).properties).toEqual({ text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH } });
  });

  it('rejects empty text, wrong types and unknown fields', () => {
    expect(TextMessageSchema.safeParse({ text: '' }).success).toBe(false);
    expect(TextMessageSchema.safeParse({ text: 42 }).success).toBe(false);
    expect(TextMessageSchema.safeParse({ text: 'a', extra: true }).success).toBe(false);
  });
});

describe('EventEnvelopeSchema', () => {
  const envelope = { id: 'evt_1', type: 'order.paid', time: '2026-11-25T10:00:00.000Z', source: 'shop', data: { n: 1 } };

  it('accepts a complete envelope', () => {
    expect(EventEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it('rejects a missing field, a bad type name and a bad time', () => {
    expect(EventEnvelopeSchema.safeParse({ ...envelope, source: undefined }).success).toBe(false);
    expect(EventEnvelopeSchema.safeParse({ ...envelope, type: 'Order Paid' }).success).toBe(false);
    expect(EventEnvelopeSchema.safeParse({ ...envelope, time: 'yesterday' }).success).toBe(false);
  });
});

describe('IntegrationRequestSchema', () => {
  it('accepts plain text or an event with an optional id', () => {
    expect(IntegrationRequestSchema.safeParse({ text: 'hi' }).success).toBe(true);
    expect(IntegrationRequestSchema.safeParse({ type: 'order.paid', data: { a: 1 }, id: 'o-1' }).success).toBe(true);
  });

  it('rejects a body that is neither', () => {
    expect(IntegrationRequestSchema.safeParse({ type: 'order.paid' }).success).toBe(false);
    expect(IntegrationRequestSchema.safeParse({ text: 'hi', type: 'x', data: 1 }).success).toBe(false);
  });
});

describe('PageQuerySchema', () => {
  it('defaults the limit and bounds it', () => {
    expect(PageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(PageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(PageQuerySchema.parse({ limit: '5', cursor: 'abc' })).toEqual({ limit: 5, cursor: 'abc' });
  });
});
