/**
 * What a Lambda bundle gets in place of `@aws-sdk/credential-provider-node` (an esbuild alias, set in
 * infra/comms-function.ts): the SDK's own environment provider and nothing else.
 *
 * Lambda puts the execution role's credentials in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), which is the first place the default chain looks. The
 * rest of that chain (SSO, shared ini files, web identity, container and instance metadata, `aws login`)
 * can never answer there, yet brings four nested SDK clients (STS, SSO, SSO-OIDC, Signin) into every
 * bundle: about 125 KiB of each function's minified code. The embedded runtime and the tests do not
 * bundle, and pass their credentials explicitly.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The default credential provider of every SDK client in a Lambda bundle: the environment's. */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
