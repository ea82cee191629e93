import { ExpiringStore } from './expiring-store';

describe('ExpiringStore', () => {
  it('forgets an entry once its lifetime has passed', () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const store = new ExpiringStore<string>(10, () => now);
    store.put('code', 'value', 60);

    now = new Date('2025-01-01T00:01:00Z');

    expect(store.take('code')).toBeUndefined();
  });

  it('hands an entry out once', () => {
    const store = new ExpiringStore<string>(10, () => new Date());
    store.put('code', 'value', 60);

    expect(store.take('code')).toBe('value');
    expect(store.take('code')).toBeUndefined();
  });

  it('never holds more than its bound, evicting the oldest entries', () => {
    const store = new ExpiringStore<number>(3, () => new Date());

    for (const n of [1, 2, 3, 4, 5]) store.put(`code-${n}`, n, 60);

    expect(store.size).toBe(3);
    expect(store.take('code-1')).toBeUndefined();
    expect(store.take('code-5')).toBe(5);
  });
});
