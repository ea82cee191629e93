export { EventEnvelopeSchema, EventIdSchema, EventTypeSchema, MAX_EVENT_BYTES } from './envelope';
export type { EventEnvelope } from './envelope';
export { CallbackIdSchema, CallbackRecordSchema, CallbackTextSchema, MAX_TEXT_LENGTH, TextMessageSchema } from './callback';
export type { CallbackRecord, TextMessage } from './callback';
export { DeliveryAttemptSchema, DeliveryReportSchema, DeliverySchema, EventInputSchema, FailedEventPageSchema, FailedEventSchema, IntegrationListQuerySchema, IntegrationRequestSchema } from './integration';
export type { Delivery, DeliveryAttempt, DeliveryReport, EventInput, FailedEvent, FailedEventPage, IntegrationListQuery, IntegrationRequest } from './integration';
export { HealthSchema, PageQuerySchema, ProblemFieldErrorSchema, ProblemSchema, pageSchema } from './common';
export type { Health, Page, PageQuery, Problem } from './common';
export {
  APP_NAME_PATTERN,
  AppBuildSchema,
  AppEventDataSchema,
  AppEventTypeSchema,
  AppFilesSchema,
  AppNameSchema,
  AppPageSchema,
  AppProblemSchema,
  AppSchema,
  AppSourceSchema,
  AppTitleSchema,
  BuildDiagnosticSchema,
  ConsoleConfigSchema,
  CreateAppRequestSchema,
  MAX_APP_FILE_BYTES,
  MAX_APP_FILES,
  MAX_APP_FILES_BYTES,
  UpdateAppRequestSchema,
} from './react-app';
export type { App, AppBuild, AppEventData, AppEventType, AppFiles, AppProblem, AppSource, BuildDiagnostic, ConsoleConfig, CreateAppRequest, UpdateAppRequest } from './react-app';
