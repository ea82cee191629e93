import { percentile } from '@sm/testing';

/** Median and 95th percentile of samples in milliseconds, to one decimal. */
export function summarize(samples: number[]): { p50: number; p95: number; n: number } {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), n: samples.length };
}

/** The duration of `work` in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
