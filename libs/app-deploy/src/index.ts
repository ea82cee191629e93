export { AppDeployError, AppDeploySchema, AppRouteSchema, AppScheduleSchema, HTTP_API_NAMES, MAX_INTEGRATION_TIMEOUT_MS, readAppDeploy } from './app-deploy';
export type { AppDeploy, AppRoute, AppSchedule, HttpApiName } from './app-deploy';
export { appImageBuildCommand } from './image-build';
export type { AppImageBuild, DockerBuildCommand } from './image-build';
export { listApps } from './list-apps';
export { nextRunAfter, parseScheduleExpression, ScheduleExpressionError } from './schedule-expression';
export type { CronFields, ScheduleExpression } from './schedule-expression';
export { deployedScheduleName, scheduleArn, scheduledEvent, scheduledEventInput, SCHEDULER_CONTEXT } from './scheduled-event';
export type { AppScheduledEvent, ScheduledRun, ScheduleTarget } from './scheduled-event';
