import './english-messages';
import * as z from 'zod/mini';

/** `GET /health` of every service. */
export const HealthSchema = z.object({ status: z.literal('ok'), service: z.string(), version: z.string() });
export type Health = z.infer<typeof HealthSchema>;

/** Query of list endpoints: `?limit=&cursor=`. */
export const PageQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/**
 * A page of a list endpoint, newest first.
 *
 * @example
 * const CallbackPageSchema = pageSchema(CallbackRecordSchema);
 */
export function pageSchema<T extends z.core.$ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One field-level problem in an RFC 9457 problem body. */
export const ProblemFieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/**
 * An RFC 9457 `application/problem+json` body as every service answers errors. `errors` lists field
 * problems, or flat objects of a shape the route documents (react-app-manager's build diagnostics).
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int()),
  detail: z.string(),
  errors: z.optional(z.array(z.union([ProblemFieldErrorSchema, z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))]))),
});
export type Problem = z.infer<typeof ProblemSchema>;
