/**
 * Holdouts: the customers of a campaign who are never sent it, so its effect can be measured against
 * them. Chosen by a stable hash of campaign and customer, so the same customers are held out in every
 * run of a campaign (a recurring one too), whoever else matches the audience then; different campaigns
 * hold out different customers.
 */
import { createHash } from 'node:crypto';

/** Largest holdout a campaign may have, in percent. */
export const MAX_HOLDOUT_PERCENT = 50;

/** Where `customerId` falls in `campaignId`'s order, uniformly in [0, 100). */
export function holdoutPosition(campaignId: string, customerId: string): number {
  const digest = createHash('sha256').update(`${campaignId}\u0000${customerId}`, 'utf8').digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/** Whether the customer is held out of the campaign (`holdoutPercent` from 0 to 50). */
export function isHeldOut(campaignId: string, customerId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return holdoutPosition(campaignId, customerId) < holdoutPercent;
}
