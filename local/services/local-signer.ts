/**
 * The signer of SDK clients for the local services that check no signature (dynalite, aws-ses-v2-local,
 * the SMS sink, the local EventBridge, Secrets Manager and the other JSON endpoints): it writes the
 * headers a SigV4-signed request has (`authorization`, `x-amz-date`), with a constant signature, so a
 * service that insists on seeing them (dynalite refuses a request without `authorization`) still
 * answers. It spares the key derivation and the HMACs of every request, ~7 % of the embedded runtime's
 * CPU. Never used for S3: s3rver verifies signatures (`test/unit/local/services/local-signer.test.ts`).
 */

/** A request as a smithy signer receives it (its headers may be changed). */
interface SignableRequest {
  headers: Record<string, string>;
}

/** `20270105T080000Z` of an instant. */
function amzDate(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** The constant signer: the shape of a SigV4 signature, none of its cost. */
export const localSigner = {
  async sign<T extends SignableRequest>(request: T, options?: { signingDate?: Date }): Promise<T> {
    const at = amzDate(options?.signingDate ?? new Date());
    request.headers['x-amz-date'] = at;
    request.headers.authorization =
      `AWS4-HMAC-SHA256 Credential=local/${at.slice(0, 8)}/local/local/aws4_request, ` +
      'SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000';
    return request;
  },
};
