import { median, percentile } from './sample-stats';

describe('percentile', () => {
  it('takes the nearest rank: the smallest value with at least p% of the sample at or below it', () => {
    // prepare
    const sample = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

    // assess
    expect([percentile(sample, 50), percentile(sample, 90), percentile(sample, 95), percentile(sample, 100), percentile(sample, 0)]).toEqual([5, 9, 10, 10, 1]);
  });

  it('refuses an empty sample', () => {
    // assess
    expect(() => percentile([], 50)).toThrow('percentile of an empty sample');
  });
});

describe('median', () => {
  it('takes the middle value of an odd sample and the mean of the middle two of an even one', () => {
    // assess
    expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
  });

  it('refuses an empty sample', () => {
    // assess
    expect(() => median([])).toThrow('median of an empty sample');
  });
});
