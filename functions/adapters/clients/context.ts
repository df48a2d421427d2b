/**
 * What every SDK client of a handler is configured from: the function's environment (its region) and,
 * in the embedded runtime, the local endpoints the clients talk to instead of AWS. No SDK in here.
 */

import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** What carries a client's requests: every SDK v3 client takes the same smithy request handler. */
export type RequestHandler = NonNullable<DynamoDBClientConfig['requestHandler']>;

/** What signs a client's requests (every SDK v3 client takes the same kind). */
export type RequestSigner = NonNullable<DynamoDBClientConfig['signer']>;

/** Endpoints and the region of the local services; absent on AWS. */
export interface LocalEndpoints {
  dynamodb?: string;
  s3?: string;
  ses?: string;
  sms?: string;
  secretsmanager?: string;
  eventbridge?: string;
  sns?: string;
  scheduler?: string;
  region?: string;
}

/** What a client factory is given. */
export interface ClientContext {
  /** On AWS `process.env`; locally the function's template environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Local endpoints (embedded runtime, tests); absent on AWS. */
  readonly endpoints?: LocalEndpoints;
  /**
   * What carries the requests to the local endpoints: the embedded runtime's in-process transport (no
   * socket), or the SDK's own HTTP handler when absent. Never set on AWS.
   */
  readonly requestHandler?: RequestHandler;
  /**
   * A signer for the local services that check no signature (all but S3, see s3.ts): the embedded
   * runtime's constant one, which spares a SigV4 derivation per request. Never set on AWS.
   */
  readonly localSigner?: RequestSigner;
}

/** The region when neither the local endpoints nor `AWS_REGION` say (Lambda always sets it). */
const FALLBACK_REGION = 'eu-north-1';

/** Local services check no credentials, but the SDK signs every request. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The client configuration of a service: its local endpoint and credentials if it has one, the region. */
export function clientConfig(
  context: ClientContext,
  endpoint: string | undefined,
  options: { checksSignatures?: boolean } = {},
): {
  region: string;
  endpoint?: string;
  credentials?: typeof LOCAL_CREDENTIALS;
  requestHandler?: RequestHandler;
  signer?: RequestSigner;
} {
  const region = context.endpoints?.region ?? context.env.AWS_REGION ?? FALLBACK_REGION;
  if (!endpoint) return { region };
  return {
    endpoint,
    credentials: LOCAL_CREDENTIALS,
    region,
    ...(context.requestHandler ? { requestHandler: context.requestHandler } : {}),
    ...(context.localSigner && !options.checksSignatures ? { signer: context.localSigner } : {}),
  };
}
