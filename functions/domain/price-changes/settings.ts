/**
 * `priceNotice` in MARKETS_CONFIG, per market: longer lead times a provider promises in its own terms.
 * They can only lengthen the legal minimum (the later date wins), never shorten it.
 */
import * as z from 'zod/mini';
import { PRODUCT_KINDS, SEGMENTS } from '../contracts/index.ts';

/** A lead time of the provider's own, for every product of the market or one segment and/or kind. */
export const LeadTimeSettingSchema = z
  .strictObject({
    segment: z.optional(z.enum(SEGMENTS)),
    kind: z.optional(z.enum(PRODUCT_KINDS)),
    amount: z.number().check(z.int(), z.gte(1), z.lte(366)),
    unit: z.enum(['days', 'months']),
  })
  .check(
    z.refine((setting) => setting.unit === 'days' || setting.amount <= 24, {
      error: 'a lead time in months must be at most 24',
      path: ['amount'],
    }),
  );
/** A lead time of the provider's own. */
export type LeadTimeSetting = z.output<typeof LeadTimeSettingSchema>;

/** A market's price-notice settings. */
export const PriceNoticeSettingsSchema = z.strictObject({
  leadTimes: z.array(LeadTimeSettingSchema).check(z.maxLength(16)),
});
/** A market's price-notice settings. */
export type PriceNoticeSettings = z.output<typeof PriceNoticeSettingsSchema>;
