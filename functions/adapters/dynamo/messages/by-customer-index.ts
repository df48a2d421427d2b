/**
 * The Messages table's index by customer, shared by the stack (which declares it, infra/data-store.ts)
 * and the ledger's reads (which query it): its name and the attributes it projects besides its keys.
 */

/**
 * The GSI of the Messages table: pk `customerId`, sk `createdAt`, projecting the keys (`dedupeKey`,
 * `customerId`, `createdAt`) and {@link BY_CUSTOMER_ATTRIBUTES}, never a message's bodies. It replaced
 * `byCustomer`, which projected every attribute (docs/operations.md "Upgrading a deployed stack").
 */
export const BY_CUSTOMER_INDEX = 'byCustomerSummary';

/**
 * The non-key attributes the index projects: exactly what its queries filter on and read
 * (functions/adapters/dynamo/messages/reads.ts, local/scenario-actions.ts). `recentSends`: `kind`,
 * `purpose`, `channel`, `sentAt`; `sentFacts` and `sentWithFacts`: `kind`, `sentAt`, `facts`; every
 * one of them filters on `status`; `capClaims`: `purpose`, `status`, `state`, `sentAt`; the scenario's
 * `accept-offer`: `kind`, `status`, `sentAt` (it reads the offer's body with a GetItem). Not `to`,
 * `subject`, `text`, `html` nor the claim's bookkeeping. A query of the index returns nothing else, so a
 * reader of another attribute gets `undefined`: add it here first (a new index name on AWS).
 */
export const BY_CUSTOMER_ATTRIBUTES = [
  'kind',
  'purpose',
  'channel',
  'status',
  'state',
  'sentAt',
  'facts',
] as const;

/** An attribute a query of {@link BY_CUSTOMER_INDEX} may read besides the keys. */
export type ByCustomerAttribute = (typeof BY_CUSTOMER_ATTRIBUTES)[number];
