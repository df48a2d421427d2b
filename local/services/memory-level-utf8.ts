/**
 * Two fixes to how dynalite uses its LevelDB stores, applied to the store classes before dynalite loads
 * them (`dynamodb.ts` imports this first; dynalite reads `MemoryLevel` and `Level` once when it loads).
 * Nothing of dynalite's DynamoDB behaviour changes.
 *
 * 1. **Strings, not pooled buffers.** An in-memory table lives in `memory-level`, which by default stores
 *    every key and value as a small `Buffer`: a slice of Node's shared 8 KiB pool, so each stored item can
 *    keep a whole slab alive. `memory-level` also stores strings (`storeEncoding: 'utf8'`, one of its
 *    documented options), which dynalite does not pass; here it is the default.
 * 2. **Iterators are closed.** dynalite 4 turns a `keys()`/`values()` iterator of abstract-level 3 into a
 *    stream and closes it through `iterator.return()`, which abstract-level iterators do not have (they
 *    have `close()`). So no iterator was ever closed: each stayed registered with its store (abstract-level
 *    keeps every open resource to close it with the store), and each in-memory iterator holds a snapshot of
 *    the table, so every Query and Scan kept every value of that moment alive, old versions of updated
 *    items included. A 100,000-customer price change ran out of heap that way, ≈ 40 KB per notice. Here an
 *    iterator gets `return()` (its `close()`), and closes itself once it has yielded its last entry.
 * 3. **One byte a character.** V8 keeps a string in one byte a character only when every character is
 *    Latin-1; a single `–` (U+2013, as in `Nettleie 0–2 kW`) or `’` makes the whole stored item two bytes
 *    a character. dynalite stores every value as JSON text (`valueEncoding: 'json'`, one store), where any
 *    character may be written as a `\uXXXX` escape inside a string literal and parses back to the same
 *    string; so the in-memory store writes the characters above U+00FF that way. Keys are left alone (their
 *    order is the table's order). 47 % of a billing run's stored invoices are such items, and so is a
 *    rendered message body with a dash or a typographic quote: each takes half the memory it did.
 */
import { createRequire } from 'node:module';

/** What this module uses of an abstract-level iterator. */
interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
  return?: () => Promise<{ done: true; value: undefined }>;
}

type StoreClass = new (...args: never[]) => object;

interface StoreModule {
  [className: string]: StoreClass;
}

/** The iterator, made to close itself when exhausted and to answer `return()` by closing. */
function closing<T extends LevelIterator>(iterator: T): T {
  const next = iterator.next.bind(iterator);
  const close = async () => {
    await iterator.close();
    return { done: true as const, value: undefined };
  };
  iterator.return = close;
  iterator.next = async () => {
    const entry = await next();
    if (entry === undefined) await iterator.close();
    return entry;
  };
  return iterator;
}

/** A character V8 cannot keep in one byte (surrogate halves included). */
const WIDE = /[\u0100-\uffff]/;
const WIDE_ALL = /[\u0100-\uffff]/g;

/** JSON text with every character above U+00FF written as a `\uXXXX` escape: the same JSON, one byte a character. */
export function narrowJson(value: unknown): unknown {
  if (typeof value !== 'string' || !WIDE.test(value)) return value;
  const escaped = value.replace(WIDE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // `replace` builds its result from slices of the two-byte original, so V8 keeps it two bytes a
  // character; decoding it again as Latin-1 gives a fresh one-byte string.
  return Buffer.from(escaped, 'latin1').toString('latin1');
}

/** A store class's iterators, as this module closes them. */
type IteratingStore = new (
  ...args: unknown[]
) => { keys(options?: unknown): LevelIterator; values(options?: unknown): LevelIterator };

/** A subclass of a store class whose `keys()` and `values()` iterators close (and which may set options). */
function withClosingIterators(Base: StoreClass, options?: Record<string, unknown>): StoreClass {
  const Store = Base as unknown as IteratingStore;
  class ClosingStore extends Store {
    static stilleFixed = true;
    constructor(...args: unknown[]) {
      // memory-level's one argument is its options; classic-level's are (location, options).
      if (options) {
        const last = args.length > 0 && typeof args[args.length - 1] === 'object' ? args.pop() : undefined;
        args.push({ ...options, ...(last as Record<string, unknown> | undefined) });
      }
      super(...args);
    }
    override keys(iteratorOptions?: unknown): LevelIterator {
      return closing(super.keys(iteratorOptions));
    }
    override values(iteratorOptions?: unknown): LevelIterator {
      return closing(super.values(iteratorOptions));
    }
  }
  return ClosingStore as unknown as StoreClass;
}

/** The write methods of an abstract-level 3 store (promise-based), as a subclass overrides them. */
type WritingStore = new (
  ...args: unknown[]
) => {
  _put(key: unknown, value: unknown, options: unknown): Promise<void>;
  _batch(operations: Array<{ type: string; key: unknown; value?: unknown }>, options: unknown): Promise<void>;
};

/** A subclass of a store class that stores every value through {@link narrowJson} (in-memory stores only). */
function withNarrowValues(Base: StoreClass): StoreClass {
  const Store = Base as unknown as WritingStore;
  class NarrowStore extends Store {
    override _put(key: unknown, value: unknown, putOptions: unknown): Promise<void> {
      return super._put(key, narrowJson(value), putOptions);
    }
    override _batch(
      operations: Array<{ type: string; key: unknown; value?: unknown }>,
      batchOptions: unknown,
    ): Promise<void> {
      const stored = operations.map((op) =>
        op.type === 'put' ? { ...op, value: narrowJson(op.value) } : op,
      );
      return super._batch(stored, batchOptions);
    }
  }
  return NarrowStore as unknown as StoreClass;
}

// The copies dynalite itself requires.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const memoryLevel = fromDynalite('memory-level') as StoreModule;
const level = fromDynalite('level') as StoreModule;

if (!(memoryLevel.MemoryLevel as { stilleFixed?: boolean }).stilleFixed) {
  memoryLevel.MemoryLevel = withNarrowValues(
    withClosingIterators(memoryLevel.MemoryLevel as StoreClass, { storeEncoding: 'utf8' }),
  );
}
if (!(level.Level as { stilleFixed?: boolean }).stilleFixed) {
  level.Level = withClosingIterators(level.Level as StoreClass);
}

/** Whether in-memory stores now keep strings (for tests). */
export function memoryStoresKeepStrings(): boolean {
  return (memoryLevel.MemoryLevel as { stilleFixed?: boolean }).stilleFixed === true;
}
