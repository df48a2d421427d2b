/** Region every local client uses; the local services accept any region, this one matches the stack's. */
export const LOCAL_REGION = 'eu-north-1';

/** Credentials every local client uses. The local services accept them (s3rver is taught to). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Constructor options shared by every AWS SDK v3 client pointed at a local service. */
export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The constructor options of an AWS SDK v3 client that talks to the local service at `endpoint`. */
export function localClientConfig(endpoint: string): LocalClientConfig {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}
