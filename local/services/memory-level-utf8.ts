/**
 * dynalite keeps an in-memory table in `memory-level`, which by default stores every key and value as a
 * small `Buffer`: a slice of Node's shared 8 KiB pool, so each stored item can keep a whole slab alive.
 * `memory-level` also stores strings (`storeEncoding: 'utf8'`, one of its documented options), which
 * dynalite does not pass. This module makes it the default for every `MemoryLevel` created after it is
 * loaded; `dynamodb.ts` imports it before dynalite, which reads `MemoryLevel` once when it loads. Nothing
 * of dynalite changes but the representation of its in-memory store (on-disk stores are untouched).
 */
import { createRequire } from 'node:module';

interface MemoryLevelModule {
  MemoryLevel: new (options?: Record<string, unknown>) => object;
}

const memoryLevel = createRequire(import.meta.url)('memory-level') as MemoryLevelModule;
const Original = memoryLevel.MemoryLevel;

if (!(Original as { stilleUtf8?: boolean }).stilleUtf8) {
  class Utf8MemoryLevel extends Original {
    static stilleUtf8 = true;
    constructor(options?: Record<string, unknown>) {
      super({ storeEncoding: 'utf8', ...options });
    }
  }
  memoryLevel.MemoryLevel = Utf8MemoryLevel;
}

/** Whether in-memory stores now keep strings (for tests). */
export function memoryStoresKeepStrings(): boolean {
  return (memoryLevel.MemoryLevel as { stilleUtf8?: boolean }).stilleUtf8 === true;
}
