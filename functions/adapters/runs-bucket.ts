/**
 * Where things live in the runs bucket, shared by the stack (which grants each function exactly its
 * prefix) and the handlers (which write and read there). Billing-run files are named by the events that
 * submit them; what stille writes itself goes under these prefixes.
 */

/** Price-change recipient files and their batches' tallies (the bucket's lifecycle expires them with the runs). */
export const RECIPIENTS_PREFIX = 'price-changes/';

/** Campaign runs: each run's audience snapshot (one JSON Lines file per wave), its batches' tallies and its preview. */
export const CAMPAIGNS_PREFIX = 'campaigns/';
