/** What the CampaignRun workflow's functions hand each other through the runs bucket. Not a Lambda entry. */

/** One member of the audience snapshot: what the batch needs without reading the customer again. */
export interface AudienceMember {
  customerId: string;
  market: string;
  locale: string;
  channel: string;
  /** A retention offer's facts (docs/retention.md), chosen for this member when the run started. */
  facts?: Record<string, unknown>;
  /** What the holdout hashes with the customer: a retention run's catalog or campaign id. */
  holdoutKey?: string;
}

/** Most members in one batch of the run (a paced run's batches are smaller or as large). */
export const MAX_CAMPAIGN_BATCH = 500;

/** A wave of the run: the members who get the campaign at the same instant. */
export interface Wave {
  sendAt: string;
  key: string;
  count: number;
}
