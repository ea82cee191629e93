import './english-messages';
import * as z from 'zod/mini';
import { pageSchema, ProblemFieldErrorSchema, ProblemSchema } from './common';

/** An app's name: a lower-case slug that becomes its URL, `<sites origin>/<name>/`. */
export const APP_NAME_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

/** At most this many files in a request's `files`. */
export const MAX_APP_FILES = 100;
/** At most this many UTF-8 bytes in one file. */
export const MAX_APP_FILE_BYTES = 256 * 1024;
/** At most this many UTF-8 bytes in all of a request's files together. */
export const MAX_APP_FILES_BYTES = 2 * 1024 * 1024;

export const AppNameSchema = z
  .string()
  .check(z.regex(APP_NAME_PATTERN, 'must be 3 to 40 of a-z, 0-9 and "-", starting with a letter and not ending with "-"'));

export const AppTitleSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));

/**
 * Files by path relative to the app's root (`src/App.tsx`), as UTF-8 text. The service checks the
 * paths (400) and the limits (413) itself, before any work, so that it can name the path at fault.
 */
export const AppFilesSchema = z.record(z.string(), z.string());
export type AppFiles = z.infer<typeof AppFilesSchema>;

/**
 * The body of `POST /api/apps`. `template` must be one the service ships (`counter` when absent),
 * `title` defaults to the name, and `files` override or add to the template's files.
 *
 * @example
 * CreateAppRequestSchema.parse({ name: 'my-counter', title: 'My counter', files: { 'src/App.tsx': source } });
 */
export const CreateAppRequestSchema = z.strictObject({
  name: AppNameSchema,
  template: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  title: z.optional(AppTitleSchema),
  files: z.optional(AppFilesSchema),
});
export type CreateAppRequest = z.infer<typeof CreateAppRequestSchema>;

/**
 * The body of `PUT /api/apps/{name}`: what is given replaces what the app had (`files`: its own files
 * over the template's, as on creation); what is absent stays.
 *
 * @example
 * UpdateAppRequestSchema.parse({ title: 'Renamed' });
 */
export const UpdateAppRequestSchema = z.strictObject({
  title: z.optional(AppTitleSchema),
  files: z.optional(AppFilesSchema),
});
export type UpdateAppRequest = z.infer<typeof UpdateAppRequestSchema>;

/** One esbuild message about the app's code: `line` counts from 1, `column` from 0 (esbuild's convention). */
export const BuildDiagnosticSchema = z.object({
  file: z.string(),
  line: z.number().check(z.int(), z.gte(0)),
  column: z.number().check(z.int(), z.gte(0)),
  text: z.string(),
});
export type BuildDiagnostic = z.infer<typeof BuildDiagnosticSchema>;

/** What the last build produced: its duration and the site's files with their sizes. */
export const AppBuildSchema = z.object({
  durationMs: z.number().check(z.gte(0)),
  bytes: z.number().check(z.int(), z.gte(0)),
  files: z.array(z.object({ path: z.string(), bytes: z.number().check(z.int(), z.gte(0)) })),
});
export type AppBuild = z.infer<typeof AppBuildSchema>;

/**
 * An app as `POST /api/apps`, `GET /api/apps` and `GET /api/apps/{name}` answer it.
 *
 * @example
 * const app = AppSchema.parse(await response.json());
 * await fetch(app.url); // https://<sites origin>/<name>/
 */
export const AppSchema = z.object({
  name: AppNameSchema,
  template: z.string(),
  title: z.string(),
  status: z.literal('ready'),
  /** Where the site is served: its own folder on the sites origin, never the API's, `https://<sites origin>/<name>/`. */
  url: z.url({ protocol: /^https?$/ }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  build: AppBuildSchema,
});
export type App = z.infer<typeof AppSchema>;

/**
 * `GET /api/apps`: one page of the caller's apps, newest first, and the cursor of the next (null after the last).
 *
 * @example
 * const { items, nextCursor } = AppPageSchema.parse(await response.json());
 */
export const AppPageSchema = pageSchema(AppSchema);

/**
 * The problem+json of a create or update the service refused as unprocessable (422): `errors` lists
 * the request's field problems, or the build's diagnostics when the app's code does not build
 * (`type` `urn:problem-type:build-failed`); a build over its time or memory limit lists none.
 *
 * @example
 * const problem = AppProblemSchema.parse(await response.json());
 * for (const entry of problem.errors ?? []) if ('line' in entry) console.log(`${entry.file}:${entry.line}: ${entry.text}`);
 */
export const AppProblemSchema = z.extend(ProblemSchema, {
  errors: z.optional(z.array(z.union([ProblemFieldErrorSchema, BuildDiagnosticSchema]))),
});
export type AppProblem = z.infer<typeof AppProblemSchema>;

/** `GET /api/apps/{name}/source`: every file the site was built from, template files included. */
export const AppSourceSchema = z.object({
  name: AppNameSchema,
  template: z.string(),
  files: AppFilesSchema,
});
export type AppSource = z.infer<typeof AppSourceSchema>;

/** The lifecycle events the react-app-manager announces through the integration-service. */
export const AppEventTypeSchema = z.enum(['app.created', 'app.updated', 'app.deleted']);
export type AppEventType = z.infer<typeof AppEventTypeSchema>;

/**
 * The `data` of an app lifecycle event; a deleted app has only its name and former URL.
 *
 * @example
 * const data: AppEventData = { name: 'my-counter', url: 'https://sites.example.com/my-counter/', template: 'counter', title: 'My counter' };
 */
export const AppEventDataSchema = z.object({
  name: AppNameSchema,
  url: z.url({ protocol: /^https?$/ }),
  template: z.optional(z.string()),
  title: z.optional(z.string()),
});
export type AppEventData = z.infer<typeof AppEventDataSchema>;

/** A template the service ships, and the paths of the files it gives every app made from it. */
const TemplateInfoSchema = z.object({ name: z.string(), files: z.array(z.string()) });

/**
 * `GET /console/config.json`, which the web console reads at start: the stage's issuer, the console's
 * client there, the scopes to ask for as the issuer names them, and the templates.
 *
 * @example
 * const config = ConsoleConfigSchema.parse(await (await fetch('/console/config.json')).json());
 */
export const ConsoleConfigSchema = z.object({
  issuer: z.url({ protocol: /^https?$/ }),
  clientId: z.string(),
  scopes: z.array(z.string()),
  templates: z.array(TemplateInfoSchema),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
