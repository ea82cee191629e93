import { BadRequestError, UnprocessableContentError } from './errors';

/**
 * How deep arrays and objects may nest in a request body. Schemas, stores and serialisers walk
 * documents recursively: zod overflows the stack near 10 000 levels, dynalite near 1 000, and
 * DynamoDB refuses maps nested over 32. No document our services take needs more than a few levels.
 */
export const MAX_JSON_DEPTH = 64;

interface Node {
  value: unknown;
  depth: number;
  parent: Node | undefined;
  key: string;
}

function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let at: Node | undefined = node; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return keys.length === 0 ? '(body)' : keys.reverse().join('.');
}

function refuseText(node: Node, what: string): never {
  const path = pathOf(node);
  throw new UnprocessableContentError(`request body is invalid: ${path}: ${what} must be well-formed Unicode (no lone surrogates)`, {
    errors: [{ path, message: `${what} must be well-formed Unicode (no lone surrogates)` }],
  });
}

/**
 * Checks what every JSON body must be before a schema looks at it, iteratively so that no input can
 * overflow the stack: nesting at most `MAX_JSON_DEPTH` deep (400), no `__proto__` key, which
 * JavaScript objects (zod's included) cannot hold as data and silently drop (400, as fastify's
 * `onProtoPoisoning: 'error'`), and only well-formed Unicode in keys and strings (422): a lone
 * surrogate, which UTF-8 (the wire, DynamoDB, S3) cannot carry, would silently become U+FFFD.
 *
 * @example
 * checkJsonDocument(JSON.parse(text));
 */
export function checkJsonDocument(document: unknown): void {
  const pending: Node[] = [{ value: document, depth: 0, parent: undefined, key: '' }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const { value, depth } = node;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) refuseText(node, 'a string');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > MAX_JSON_DEPTH) {
      throw new BadRequestError(`request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; the limit is ${MAX_JSON_DEPTH}`, {
        type: 'urn:problem-type:too-deeply-nested',
      });
    }
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    for (const [key, item] of entries) {
      const child = { value: item, depth: depth + 1, parent: node, key };
      if (key === '__proto__') {
        throw new BadRequestError(`request body has a "__proto__" key at ${pathOf(child)}; "__proto__" is not allowed as a key`, {
          type: 'urn:problem-type:forbidden-key',
          errors: [{ path: pathOf(child), message: '"__proto__" is not allowed as a key' }],
        });
      }
      if (!key.isWellFormed()) refuseText(child, 'a key');
      pending.push(child);
    }
  }
}
