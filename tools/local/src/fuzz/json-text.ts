/**
 * JSON written by hand rather than by JSON.stringify, so a body can hold what a hostile client
 * sends and JavaScript cannot hold: number literals past 2^53 (`9007199254740993`), `-0`, an own
 * `"__proto__"` key, nesting far deeper than a recursive stringify survives.
 */
export type JsonTree = null | boolean | string | JsonLiteral | JsonTree[] | JsonObject;

/** Text written verbatim: a number literal, or a deep structure built as a string. */
export class JsonLiteral {
  constructor(readonly text: string) {}
}

/** An object as its entries, so `__proto__` stays a key instead of becoming a prototype. */
export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonTree]>) {}
}

export function toJsonText(tree: JsonTree): string {
  if (tree instanceof JsonLiteral) return tree.text;
  if (tree instanceof JsonObject) return `{${tree.entries.map(([key, value]) => `${JSON.stringify(key)}:${toJsonText(value)}`).join(',')}}`;
  if (Array.isArray(tree)) return `[${tree.map(toJsonText).join(',')}]`;
  return JSON.stringify(tree);
}

/** `[[[…0…]]]` or `{"a":{"a":…}}`, `depth` levels deep, built without recursion. */
export function nestedJson(depth: number, shape: 'array' | 'object'): JsonLiteral {
  const [open, close] = shape === 'array' ? ['[', ']'] : ['{"a":', '}'];
  return new JsonLiteral(`${open.repeat(depth)}0${close.repeat(depth)}`);
}

/** How deeply a JSON text nests, scanned without recursion (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, (depth += 1));
    else if (char === ']' || char === '}') depth -= 1;
  }
  return deepest;
}

/**
 * A parsed JSON value as text with keys sorted, to compare what was sent with what was read back
 * (DynamoDB does not keep key order). Own `__proto__` keys count like any other key.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
