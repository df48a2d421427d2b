import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { memoryStoresKeepStrings } from '#local/services/memory-level-utf8.ts';

interface Iterator {
  next(): Promise<string | undefined>;
  close(): Promise<void>;
  return?: () => Promise<{ done: boolean }>;
}

interface Store {
  supports: { encodings: Record<string, boolean> };
  open(): Promise<void>;
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string>;
  values(options?: Record<string, unknown>): Iterator;
  keys(options?: Record<string, unknown>): Iterator;
  close(): Promise<void>;
}

// The module dynalite itself requires is the one changed.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { MemoryLevel } = fromDynalite('memory-level') as {
  MemoryLevel: new (options?: Record<string, unknown>) => Store;
};

async function storeWith(entries: number): Promise<Store> {
  const store = new MemoryLevel({ valueEncoding: 'json' });
  await store.open();
  for (let i = 0; i < entries; i++) await store.put(`k${i}`, JSON.stringify({ i }));
  return store;
}

const notOpen = { code: 'LEVEL_ITERATOR_NOT_OPEN' };

describe('the local DynamoDB’s in-memory store', () => {
  it('keeps keys and values as strings, not as slices of pooled buffers', async () => {
    expect(memoryStoresKeepStrings()).toBe(true);
    const store = new MemoryLevel({ valueEncoding: 'json' });
    expect(store.supports.encodings.utf8).toBe(true);
    expect(store.supports.encodings.buffer).toBeFalsy();
    await store.open();
    await store.put('k', JSON.stringify({ a: 1 }));
    expect(await store.get('k')).toBe('{"a":1}');
    await store.close();
  });

  it('closes an iterator once it has yielded its last entry, so it pins no snapshot of the table', async () => {
    const store = await storeWith(3);
    for (const iterator of [store.values(), store.keys()]) {
      const seen: unknown[] = [];
      for (let entry = await iterator.next(); entry !== undefined; entry = await iterator.next()) {
        seen.push(entry);
      }
      expect(seen).toHaveLength(3);
      await expect(iterator.next()).rejects.toMatchObject(notOpen);
    }
    await store.close();
  });

  it('closes an iterator left before its end through return(), as dynalite’s streams end one', async () => {
    const store = await storeWith(5);
    const iterator = store.values({ limit: 5 });
    expect(await iterator.next()).toBe(JSON.stringify({ i: 0 }));
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    await expect(iterator.next()).rejects.toMatchObject(notOpen);
    // Closing again (the stream's destroy after its end) is harmless.
    await iterator.return?.();
    await store.close();
  });
});
