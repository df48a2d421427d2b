import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { memoryStoresKeepStrings, narrowJson } from '#local/services/memory-level-utf8.ts';

interface Iterator {
  next(): Promise<string | undefined>;
  close(): Promise<void>;
  return?: () => Promise<{ done: boolean }>;
}

interface Store {
  supports: { encodings: Record<string, boolean> };
  open(): Promise<void>;
  put(key: string, value: unknown): Promise<void>;
  get(key: string, options?: Record<string, unknown>): Promise<unknown>;
  batch(operations: Array<{ type: 'put'; key: string; value: unknown }>): Promise<void>;
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

  it('stores characters above U+00FF as JSON escapes, one byte a character, and gives the same value back', async () => {
    const store = new MemoryLevel({ valueEncoding: 'json' });
    await store.open();
    const item = { d: { S: 'Nettleie 0–2 kW, “fast” 😀' }, n: { N: '1' }, plain: { S: 'Strøm' } };
    await store.put('one', item);
    await store.batch([{ type: 'put', key: 'two', value: item }]);
    for (const key of ['one', 'two']) {
      expect(await store.get(key)).toEqual(item);
      const raw = (await store.get(key, { valueEncoding: 'utf8' })) as string;
      expect(raw).not.toMatch(/[\u0100-\uffff]/);
      expect(raw).toContain('\\u2013');
      // Latin-1 stays as it is.
      expect(raw).toContain('Strøm');
    }
    await store.close();
  });

  it('narrows only text with characters above U+00FF, to JSON that parses to the same value', () => {
    expect(narrowJson('{"a":"Strøm"}')).toBe('{"a":"Strøm"}');
    expect(narrowJson(42)).toBe(42);
    const text = JSON.stringify({ a: '0–2 kW', b: ['’', '😀', '\ud800'] });
    const narrowed = narrowJson(text) as string;
    expect(narrowed).not.toMatch(/[\u0100-\uffff]/);
    expect(JSON.parse(narrowed)).toEqual(JSON.parse(text));
  });
});
