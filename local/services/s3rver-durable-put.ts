/**
 * s3rver answers `PutObject` as soon as the body has passed its MD5 transform, before its write stream
 * has put the bytes on disk (`FilesystemStore#putObject` resolves on the transform's `finish`, and on a
 * Buffer body right after `end()`). A `GetObject` that follows at once can then read a partial file:
 * over HTTP the loopback latency hid it, in process a 30 MB run file was read cut off mid-line about
 * one run in two under load. S3 is read-after-write consistent, so this module makes the store resolve
 * only once the file is written (a pipeline to the write stream's `finish`), with the same size, MD5 and
 * metadata as before. Nothing else of s3rver changes; `s3.ts` imports it before starting s3rver.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The object s3rver hands its store (`lib/models/object.js`). */
interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

const store = createRequire(import.meta.url)('s3rver/lib/stores/filesystem.js') as {
  prototype: FilesystemStore & { stilleDurablePut?: boolean };
};
const proto = store.prototype;

if (!proto.stilleDurablePut) {
  proto.stilleDurablePut = true;
  proto.putObject = async function putObject(this: FilesystemStore, object: StoredObject) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    await pipeline(
      source,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      createWriteStream(objectPath),
    );
    const digest = md5.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

/** Whether s3rver's puts now complete on disk before they answer (for tests). */
export function putsAreDurable(): boolean {
  return proto.stilleDurablePut === true;
}
