/** A JSON Schema (draft 2020-12) as it appears in an OpenAPI 3.1 document. */
export type JsonSchema = Record<string, unknown>;

/**
 * Which side of the wire a schema describes. A request schema may accept more than it did (every
 * body an old client sends must still be accepted); a response schema may promise more than it did
 * (every body a new server sends must still be one an old client understands).
 */
export type Direction = 'request' | 'response';

interface Branch {
  /** A JSON Schema type, or `any` for a schema that names none. */
  type: string;
  schema: JsonSchema;
  root: JsonSchema;
}

interface Walk {
  direction: Direction;
  report: (message: string) => void;
  /** Pairs of schemas already compared: recursive schemas ($defs) end there. */
  seen: WeakMap<object, WeakSet<object>>;
}

const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Follows a local reference (`#/$defs/...`, as zod writes recursive schemas) within the schema's root. */
function resolved(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) return schema;
  let target: unknown = root;
  for (const token of ref.slice(1).split('/').filter((part) => part !== '')) {
    target = isSchema(target) ? target[decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(target) ? target : {};
}

/** A schema as the alternatives it allows: one per union member and per type of a type list. */
function branchesOf(input: JsonSchema, root: JsonSchema, depth = 0): Branch[] {
  const schema = resolved(input, root);
  const union = [schema.anyOf, schema.oneOf].find(Array.isArray);
  if (union !== undefined && depth < 16) return union.filter(isSchema).flatMap((member) => branchesOf(member, root, depth + 1));
  if (Array.isArray(schema.type)) return schema.type.filter((type) => typeof type === 'string').map((type) => ({ type, schema, root }));
  if (typeof schema.type === 'string') return [{ type: schema.type, schema, root }];
  if ('const' in schema) return [{ type: jsonType(schema.const), schema, root }];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))].map((type) => ({ type, schema, root }));
  if (isSchema(schema.properties)) return [{ type: 'object', schema, root }];
  if (isSchema(schema.items)) return [{ type: 'array', schema, root }];
  return [{ type: 'any', schema, root }];
}

function propertiesOf(branch: Branch): Record<string, JsonSchema> {
  const properties = branch.schema.properties;
  return isSchema(properties) ? Object.fromEntries(Object.entries(properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))) : {};
}

function requiredOf(branch: Branch): Set<string> {
  const required = branch.schema.required;
  return new Set(Array.isArray(required) ? required.filter((name) => typeof name === 'string') : []);
}

/** The values a branch is limited to (`const` or `enum`), if it is. */
function valuesOf(branch: Branch): unknown[] | undefined {
  if ('const' in branch.schema) return [branch.schema.const];
  return Array.isArray(branch.schema.enum) ? branch.schema.enum.filter((value) => jsonType(value) === branch.type || (branch.type === 'number' && typeof value === 'number')) : undefined;
}

/** The properties an object branch fixes to one value: what tells one member of a union from another. */
function discriminators(branch: Branch): Map<string, string> {
  const fixed = new Map<string, string>();
  for (const [name, property] of Object.entries(propertiesOf(branch))) {
    const target = resolved(property, branch.root);
    if ('const' in target) fixed.set(name, JSON.stringify(target.const));
  }
  return fixed;
}

function sameKind(wide: Branch, narrow: Branch): boolean {
  return wide.type === 'any' || wide.type === narrow.type || (wide.type === 'number' && narrow.type === 'integer');
}

/**
 * The branch of `wide` that takes the values of `narrow`: same type and the same discriminating
 * constants; among several, an identical one, else the one sharing the most properties (then the
 * same position in the union).
 */
function counterpart(narrow: Branch, position: number, wide: Branch[]): Branch | undefined {
  const candidates = wide.filter((branch) => sameKind(branch, narrow));
  const fixed = discriminators(narrow);
  const matching = candidates.filter((branch) => [...discriminators(branch)].every(([name, value]) => fixed.get(name) === value));
  const identical = matching.find((branch) => JSON.stringify(branch.schema) === JSON.stringify(narrow.schema));
  if (identical !== undefined) return identical;
  const names = new Set(Object.keys(propertiesOf(narrow)));
  const score = (branch: Branch) => Object.keys(propertiesOf(branch)).filter((name) => names.has(name)).length * 2 + (wide.indexOf(branch) === position ? 1 : 0);
  const best = matching.reduce<Branch | undefined>((chosen, branch) => (chosen === undefined || score(branch) > score(chosen) ? branch : chosen), undefined);
  // A lone member of the same type is the same member with a changed constant: compared, not reported as new.
  return best ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function describe(branch: Branch): string {
  const values = valuesOf(branch);
  if (values !== undefined && values.length === 1) return JSON.stringify(values[0]);
  if (branch.type !== 'object') return branch.type;
  const fixed = [...discriminators(branch)].map(([name, value]) => `${name}: ${value}`);
  return fixed.length === 0 ? 'object' : `object {${fixed.join(', ')}}`;
}

function label(where: string, rootLabel: string): string {
  return where === '' ? rootLabel : `field \`${where}\``;
}

function child(where: string, name: string): string {
  return where === '' ? name : `${where}.${name}`;
}

function compareValues(walk: Walk, narrow: Branch, wide: Branch, field: string): void {
  const wideValues = valuesOf(wide);
  if (wideValues === undefined) return;
  const narrowValues = valuesOf(narrow);
  const listed = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');
  if (narrowValues === undefined) {
    walk.report(
      walk.direction === 'response'
        ? `${field}: enum widened, may now be any ${narrow.type} (was one of ${listed(wideValues)})`
        : `${field}: enum narrowed, now accepts only ${listed(wideValues)}`,
    );
    return;
  }
  const outside = narrowValues.filter((value) => !wideValues.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value)));
  if (outside.length === 0) return;
  walk.report(walk.direction === 'response' ? `${field}: enum widened, may now be ${listed(outside)}` : `${field}: enum narrowed, no longer accepts ${listed(outside)}`);
}

function compareBounds(walk: Walk, narrow: Branch, wide: Branch, field: string, base: Branch, head: Branch): void {
  const change = walk.direction === 'response' ? 'widened' : 'narrowed';
  const shown = (value: unknown) => (value === undefined ? 'none' : String(value));
  for (const [keys, beyond] of [
    [UPPER_BOUNDS, (n: number, w: number) => n > w],
    [LOWER_BOUNDS, (n: number, w: number) => n < w],
  ] as const) {
    for (const key of keys) {
      const limit = wide.schema[key];
      const value = narrow.schema[key];
      if (typeof limit === 'number' && (typeof value !== 'number' || beyond(value, limit))) {
        walk.report(`${field} ${change}: ${key} ${shown(base.schema[key])} → ${shown(head.schema[key])}`);
      }
    }
  }
  if (typeof wide.schema.pattern === 'string' && narrow.schema.pattern !== wide.schema.pattern) walk.report(`${field} ${change}: its pattern changed`);
}

function compareObjects(walk: Walk, base: Branch, head: Branch, where: string): void {
  const baseProperties = propertiesOf(base);
  const headProperties = propertiesOf(head);
  const baseRequired = requiredOf(base);
  const headRequired = requiredOf(head);
  for (const name of new Set([...Object.keys(baseProperties), ...Object.keys(headProperties)])) {
    const path = child(where, name);
    const before = baseProperties[name];
    const after = headProperties[name];
    if (walk.direction === 'response') {
      if (before !== undefined && after === undefined) walk.report(`removed field \`${path}\``);
      else if (baseRequired.has(name) && !headRequired.has(name)) walk.report(`field \`${path}\` is no longer required`);
    } else {
      if (after !== undefined && headRequired.has(name) && !baseRequired.has(name)) {
        walk.report(before === undefined ? `new required field \`${path}\`` : `field \`${path}\` is now required`);
      }
      if (before !== undefined && after === undefined && head.schema.additionalProperties === false) walk.report(`field \`${path}\` is no longer accepted`);
    }
    if (before !== undefined && after !== undefined) compareSchemas(walk, { schema: before, root: base.root }, { schema: after, root: head.root }, path, '');
  }
  const baseRest = base.schema.additionalProperties;
  const headRest = head.schema.additionalProperties;
  if (isSchema(baseRest) && isSchema(headRest)) compareSchemas(walk, { schema: baseRest, root: base.root }, { schema: headRest, root: head.root }, `${where}{*}`, '');
}

function compareBranches(walk: Walk, base: Branch, head: Branch, where: string, rootLabel: string): void {
  const [narrow, wide] = walk.direction === 'response' ? [head, base] : [base, head];
  if (wide.type === 'any' || narrow.type === 'null') return;
  const field = label(where, rootLabel);
  compareValues(walk, narrow, wide, field);
  compareBounds(walk, narrow, wide, field, base, head);
  if (base.type === 'object' && head.type === 'object') compareObjects(walk, base, head, where);
  if (base.type === 'array' && head.type === 'array' && isSchema(base.schema.items) && isSchema(head.schema.items)) {
    compareSchemas(walk, { schema: base.schema.items, root: base.root }, { schema: head.schema.items, root: head.root }, `${where}[]`, '');
  }
}

/**
 * Compares the schema of one place (a body, a parameter, a field) on the base and the head, and
 * reports what breaks a client: in a response, anything the head may send that the base did not
 * promise; in a request, anything the base accepted that the head refuses.
 */
function compareSchemas(walk: Walk, base: { schema: JsonSchema; root?: JsonSchema }, head: { schema: JsonSchema; root?: JsonSchema }, where: string, rootLabel: string): void {
  const baseRoot = base.root ?? base.schema;
  const headRoot = head.root ?? head.schema;
  const baseSchema = resolved(base.schema, baseRoot);
  const headSchema = resolved(head.schema, headRoot);
  const seen = walk.seen.get(baseSchema) ?? new WeakSet<object>();
  if (seen.has(headSchema)) return;
  seen.add(headSchema);
  walk.seen.set(baseSchema, seen);

  const baseBranches = branchesOf(baseSchema, baseRoot);
  const headBranches = branchesOf(headSchema, headRoot);
  const [narrowBranches, wideBranches] = walk.direction === 'response' ? [headBranches, baseBranches] : [baseBranches, headBranches];
  const field = label(where, rootLabel);
  const nonNull = (branches: Branch[]) => branches.filter((branch) => branch.type !== 'null');
  for (const [position, narrow] of narrowBranches.entries()) {
    const wide = counterpart(narrow, position, wideBranches);
    if (wide !== undefined) {
      const [baseBranch, headBranch] = walk.direction === 'response' ? [wide, narrow] : [narrow, wide];
      compareBranches(walk, baseBranch, headBranch, where, rootLabel);
      continue;
    }
    const [baseOnly, headOnly] = [nonNull(baseBranches), nonNull(headBranches)];
    const [onlyBase, onlyHead] = [baseOnly[0], headOnly[0]];
    if (narrow.type !== 'null' && baseOnly.length === 1 && headOnly.length === 1 && onlyBase !== undefined && onlyHead !== undefined) {
      walk.report(`${field} retyped from ${describe(onlyBase)} to ${describe(onlyHead)}`);
    } else {
      walk.report(walk.direction === 'response' ? `${field} may now be ${describe(narrow)}` : `${field} no longer accepts ${describe(narrow)}`);
    }
  }
}

/**
 * The breaking changes between a schema on the base and on the head, as messages relative to
 * `rootLabel` (what the schema describes: "the body", "the value").
 */
export function schemaChanges(direction: Direction, base: JsonSchema, head: JsonSchema, rootLabel: string): string[] {
  const messages: string[] = [];
  compareSchemas({ direction, report: (message) => messages.push(message), seen: new WeakMap() }, { schema: base }, { schema: head }, '', rootLabel);
  return [...new Set(messages)];
}
