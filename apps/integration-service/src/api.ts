import {
  DeliveryReportSchema,
  EventIdSchema,
  FailedEventPageSchema,
  IntegrationListQuerySchema,
  IntegrationRequestSchema,
  MAX_EVENT_BYTES,
  ProblemSchema,
} from '@sm/events';
import { MAX_JSON_BODY_BYTES } from '@sm/http/body';
import { declareRoutes, GatewayMessageSchema, json, problem, unavailable, type ResponseDeclaration } from '@sm/http/openapi';
import * as z from 'zod/mini';

const EventIdParamsSchema = z.object({ eventId: EventIdSchema });

/** The outbox's stores may be unavailable (DynamoDB throttling, an outage): every route reads or writes them. */
const storageUnavailable = unavailable('the event or delivery store is unavailable (throttled or down)');

/**
 * Declared in place of the shared 413 so that it names the event limit as well as the body's: the
 * gateway's `{"message"}` beyond its payload cap, problem+json from the function's own checks.
 */
const tooLarge: ResponseDeclaration = {
  description: `the body is over ${MAX_JSON_BODY_BYTES} bytes, or the event as enveloped is over ${MAX_EVENT_BYTES} bytes, more than a subscriber may store`,
  content: { 'application/json': GatewayMessageSchema, 'application/problem+json': ProblemSchema },
};

/**
 * The integration-service's HTTP contract, route by route: `routes.ts` gives each its handler, and
 * `GET /integration-service/openapi.json` serves the OpenAPI document built from it.
 */
export const integrationApi = declareRoutes({
  publishEvent: {
    method: 'POST',
    path: '/api/integration',
    authorization: { scopes: ['events:write'] },
    summary: 'Publish plain text or an event to its subscribers, signed (Standard Webhooks), and report each delivery',
    description:
      'The event is stored with one queued delivery per subscriber of its type before anyone is called; the first attempts go within the request, and what fails is retried on the schedule. An event id seen before is not delivered again: the answer is its report as it stands, with the status that report calls for.',
    request: { body: { schema: IntegrationRequestSchema, description: '{text}, sent as a "message" event, or an event {type, data, id?}' } },
    responses: {
      200: json('no delivery is left to retry and at least one was delivered, or no subscriber takes the type (no deliveries)', DeliveryReportSchema),
      202: json('at least one delivery failed and waits to be retried on the schedule, at its nextAttemptAt', DeliveryReportSchema),
      400: problem('the body is empty, not JSON, nested too deep or holds a __proto__ key'),
      413: tooLarge,
      415: problem('the body is not application/json'),
      422: problem('the body is JSON but neither {text} nor an event, or holds a lone surrogate'),
      502: json('every delivery is dead-lettered (the subscriber answered 410 Gone, or every attempt of the schedule failed): the report says why', DeliveryReportSchema),
      503: storageUnavailable,
    },
  },
  listFailedEvents: {
    method: 'GET',
    path: '/api/integration',
    authorization: { scopes: ['events:read'] },
    summary: 'List dead-lettered events (status=failed), newest first, a page at a time',
    request: { query: IntegrationListQuerySchema },
    responses: {
      200: json('one page of events with a dead-lettered delivery, and the cursor of the next (null after the last)', FailedEventPageSchema),
      400: problem('status is not "failed", the limit or the cursor is not valid, or the query has another parameter'),
      503: storageUnavailable,
    },
  },
  getDeliveryReport: {
    method: 'GET',
    path: '/api/integration/{eventId}',
    authorization: { scopes: ['events:read'] },
    summary: "An event's delivery report: each subscriber's delivery as it stands",
    request: { params: EventIdParamsSchema },
    responses: {
      200: json('the delivery report', DeliveryReportSchema),
      404: problem('no event has this id'),
      503: storageUnavailable,
    },
  },
  replayEvent: {
    method: 'POST',
    path: '/api/integration/{eventId}/replay',
    authorization: { scopes: ['events:write'] },
    summary: "Queue an event's dead-lettered deliveries again, due now, for a new round of the schedule",
    description: 'The deliveries keep their history; the event leaves the failed list. The next scheduled run attempts them.',
    request: { params: EventIdParamsSchema },
    responses: {
      202: json('the deliveries are queued again: the report, the replayed ones retrying', DeliveryReportSchema),
      404: problem('no event has this id'),
      409: problem('the event has no failed delivery to replay, or was accepted before deliveries were kept for retries'),
      503: storageUnavailable,
    },
  },
});
