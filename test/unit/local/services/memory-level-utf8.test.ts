import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { memoryStoresKeepStrings } from '#local/services/memory-level-utf8.ts';

describe('the local DynamoDB’s in-memory store', () => {
  it('keeps keys and values as strings, not as slices of pooled buffers', async () => {
    expect(memoryStoresKeepStrings()).toBe(true);
    // The module dynalite itself requires is the one changed.
    const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'))(
      'memory-level',
    ) as {
      MemoryLevel: new (
        options?: Record<string, unknown>,
      ) => {
        supports: { encodings: Record<string, boolean> };
        open(): Promise<void>;
        put(key: string, value: string): Promise<void>;
        get(key: string): Promise<string>;
        close(): Promise<void>;
      };
    };
    const store = new fromDynalite.MemoryLevel({ valueEncoding: 'json' });
    expect(store.supports.encodings.utf8).toBe(true);
    expect(store.supports.encodings.buffer).toBeFalsy();
    await store.open();
    await store.put('k', JSON.stringify({ a: 1 }));
    expect(await store.get('k')).toBe('{"a":1}');
    await store.close();
  });
});
