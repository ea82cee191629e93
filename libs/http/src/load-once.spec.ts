import { loadOnce } from './load-once';

describe('loadOnce', () => {
  it('runs the load with the first call and shares its result with every call after, concurrent ones included', async () => {
    const load = jest.fn(async () => ({ loaded: true }));
    const get = loadOnce(load);

    const [first, concurrent] = await Promise.all([get(), get()]);
    const later = await get();

    expect({ loads: load.mock.calls.length, same: first === concurrent && first === later }).toEqual({ loads: 1, same: true });
  });

  it('runs a load that failed again with the next call, and keeps the result once it succeeds', async () => {
    const load = jest.fn(async () => 'ready').mockRejectedValueOnce(new Error('chunk did not import'));
    const get = loadOnce(load);

    await expect(get()).rejects.toThrow('chunk did not import');
    const results = [await get(), await get()];

    expect({ results, loads: load.mock.calls.length }).toEqual({ results: ['ready', 'ready'], loads: 2 });
  });

  it('answers a load that throws before it returns a promise with a rejection, and runs it again with the next call', async () => {
    let calls = 0;
    const get = loadOnce((): Promise<number> => {
      calls += 1;
      if (calls === 1) throw new Error('thrown at once');
      return Promise.resolve(calls);
    });

    const first = get();

    await expect(first).rejects.toThrow('thrown at once');
    await expect(get()).resolves.toBe(2);
  });
});
