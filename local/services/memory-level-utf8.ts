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

/** A subclass of a store class whose `keys()` and `values()` iterators close (and which may set options). */
function withClosingIterators(Base: StoreClass, options?: Record<string, unknown>): StoreClass {
  const Store = Base as unknown as new (
    ...args: unknown[]
  ) => { keys(options?: unknown): LevelIterator; values(options?: unknown): LevelIterator };
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

// The copies dynalite itself requires.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const memoryLevel = fromDynalite('memory-level') as StoreModule;
const level = fromDynalite('level') as StoreModule;

if (!(memoryLevel.MemoryLevel as { stilleFixed?: boolean }).stilleFixed) {
  memoryLevel.MemoryLevel = withClosingIterators(memoryLevel.MemoryLevel as StoreClass, {
    storeEncoding: 'utf8',
  });
}
if (!(level.Level as { stilleFixed?: boolean }).stilleFixed) {
  level.Level = withClosingIterators(level.Level as StoreClass);
}

/** Whether in-memory stores now keep strings (for tests). */
export function memoryStoresKeepStrings(): boolean {
  return (memoryLevel.MemoryLevel as { stilleFixed?: boolean }).stilleFixed === true;
}
