/**
 * Nearest-rank percentile (`p` in 0..100) of a non-empty sample, as the benchmarks report them.
 *
 * @example
 * percentile([12, 15, 11, 40], 95); // 40
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  const value = sorted[rank];
  if (value === undefined) throw new Error('percentile of an empty sample');
  return value;
}

/**
 * The median of a non-empty sample: the middle value, or the mean of the two middle ones.
 *
 * @example
 * median([4, 1, 3, 2]); // 2.5
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle];
  if (upper === undefined) throw new Error('median of an empty sample');
  return sorted.length % 2 === 1 ? upper : (upper + (sorted[middle - 1] ?? upper)) / 2;
}
