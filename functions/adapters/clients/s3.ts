import { S3Client } from '@aws-sdk/client-s3';
import { type ClientContext, clientConfig } from './context.ts';

/** The S3 client of a handler (the runs bucket). */
export function s3Client(context: ClientContext): S3Client {
  const endpoint = context.endpoints?.s3;
  if (!endpoint) return new S3Client(clientConfig(context, undefined));
  return new S3Client({
    // s3rver verifies SigV4 signatures: S3 requests are always really signed.
    ...clientConfig(context, endpoint, { checksSignatures: true }),
    forcePathStyle: true,
    // Local S3 stores aws-chunked framing as content; send plain bodies when nothing needs a checksum.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
