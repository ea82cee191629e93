/** AWS's published support dates for one Lambda runtime (ISO dates, UTC). */
export interface RuntimeSupport {
  runtime: string;
  deprecation: string;
  blockFunctionCreate: string;
  blockFunctionUpdate: string;
}

/**
 * The Node.js runtimes of https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 * ("Supported runtimes"); add a row when AWS adds a runtime, fix a date when AWS moves one.
 */
export const NODEJS_RUNTIMES: readonly RuntimeSupport[] = [
  { runtime: 'nodejs24.x', deprecation: '2028-04-30', blockFunctionCreate: '2028-06-01', blockFunctionUpdate: '2028-07-01' },
  { runtime: 'nodejs22.x', deprecation: '2027-04-30', blockFunctionCreate: '2027-06-01', blockFunctionUpdate: '2027-07-01' },
  { runtime: 'nodejs20.x', deprecation: '2026-04-30', blockFunctionCreate: '2026-08-31', blockFunctionUpdate: '2026-09-30' },
];

/** How close to a deprecation date the check starts failing. */
export const WARNING_DAYS = 90;

/** A runtime the repository configures, and where. */
export interface RuntimeReference {
  runtime: string;
  source: string;
}

/** The verdict on every reference: one line each, and whether any is too close to its deprecation. */
export interface RuntimeCheck {
  ok: boolean;
  lines: string[];
}

const DAY_MS = 86_400_000;

/**
 * The Lambda runtimes a file configures: AWS Node.js base image tags (`public.ecr.aws/lambda/nodejs:24`)
 * and esbuild targets (`"target": "node24"`), each as `nodejs<major>.x`.
 *
 * @example
 * findRuntimeReferences('docker/Dockerfile', 'ARG BASE_IMAGE=public.ecr.aws/lambda/nodejs:24');
 * // [{ runtime: 'nodejs24.x', source: 'docker/Dockerfile: public.ecr.aws/lambda/nodejs:24' }]
 */
export function findRuntimeReferences(path: string, text: string): RuntimeReference[] {
  const patterns = [/public\.ecr\.aws\/lambda\/nodejs:(\d+)[\w.-]*/g, /"target":\s*"node(\d+)"/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => ({ runtime: `nodejs${match[1] ?? ''}.x`, source: `${path}: ${match[0]}` })));
}

/**
 * Fails when a configured runtime is deprecated, or will be within {@link WARNING_DAYS} of `today`,
 * or is not in {@link NODEJS_RUNTIMES}, or when nothing configures a runtime at all.
 *
 * @example
 * checkRuntimes([{ runtime: 'nodejs24.x', source: 'docker/Dockerfile' }], new Date('2026-11-25')).ok; // true
 */
export function checkRuntimes(references: readonly RuntimeReference[], today: Date): RuntimeCheck {
  if (references.length === 0) return { ok: false, lines: ['no Lambda runtime found (expected a public.ecr.aws/lambda/nodejs:<major> base image)'] };
  const lines: string[] = [];
  let ok = true;
  for (const { runtime, source } of references) {
    const support = NODEJS_RUNTIMES.find((row) => row.runtime === runtime);
    if (support === undefined) {
      ok = false;
      lines.push(`FAIL ${runtime} (${source}): not in the table of supported runtimes; add its dates to tools/deploy/src/runtime-deprecation.ts`);
      continue;
    }
    const days = Math.ceil((Date.parse(`${support.deprecation}T00:00:00Z`) - today.getTime()) / DAY_MS);
    const dates = `deprecated ${support.deprecation}, new functions blocked ${support.blockFunctionCreate}, updates blocked ${support.blockFunctionUpdate}`;
    if (days > WARNING_DAYS) {
      lines.push(`ok   ${runtime} (${source}): ${days} days until deprecation (${dates})`);
      continue;
    }
    ok = false;
    const newest = NODEJS_RUNTIMES[0]?.runtime ?? runtime;
    const when = days > 0 ? `${days} days until deprecation, within ${WARNING_DAYS}` : days === 0 ? 'deprecated today' : `deprecated ${-days} days ago`;
    lines.push(`FAIL ${runtime} (${source}): ${when} (${dates}); move to ${newest}`);
  }
  return { ok, lines };
}
