import { randomUUID } from 'node:crypto';
import { TextMessageSchema, type CallbackRecord } from '@sm/events';
import { MAX_JSON_BODY_BYTES } from '@sm/http/body';
import { createMemoryStore } from '@sm/storage';
import express, { type RequestHandler } from 'express';
import { callbackKeys } from '../../apps/callback-service/src/app';
import { serveInChild } from './serve-in-child';

// The baseline: what `POST /api/callback` does for an unsigned `{text}` body, as one plain express route,
// with the service's checks in the service's order (size, content type, syntax, schema).
const JSON_TYPES = ['application/json', 'application/*+json'];
const store = createMemoryStore(callbackKeys);

const requireJson: RequestHandler = (req, res, next) => {
  if (req.is(JSON_TYPES)) next();
  else res.status(415).json({ title: 'Unsupported Media Type' });
};

const receiveCallback: RequestHandler = async (req, res) => {
  const message = TextMessageSchema.safeParse(req.body);
  if (!message.success) {
    res.status(422).json({ title: 'Unprocessable Content', errors: message.error.issues });
    return;
  }
  const record: CallbackRecord = {
    id: `cb_${randomUUID()}`,
    receivedAt: new Date().toISOString(),
    kind: 'text',
    text: message.data.text,
    duplicate: false,
  };
  await store.putIfAbsent(record);
  res.status(201).json(record);
};

const app = express();
app.disable('x-powered-by');
// The gateway answers without an ETag (as API Gateway does), so the baseline does not hash its bodies either.
app.disable('etag');
app.post('/api/callback', requireJson, express.json({ limit: MAX_JSON_BODY_BYTES, type: JSON_TYPES }), receiveCallback);
serveInChild(app);
