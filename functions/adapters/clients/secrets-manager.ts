import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ClientContext, clientConfig } from './context.ts';

/** The Secrets Manager client of a function that signs or verifies links (the link secret). */
export function secretsManagerClient(context: ClientContext): SecretsManagerClient {
  return new SecretsManagerClient(clientConfig(context, context.endpoints?.secretsmanager));
}
