import * as z from 'zod/mini';
import { type InvoiceExplanationSettings, REFERENCE_PRICES } from './types.ts';

/**
 * Issue #4's thresholds: an invoice at least 30 % above the expected amount is surprising, whatever the
 * difference in money (`minimumDifference` 0), and any new charge counts (`newChargeMinimum` 0). Issue
 * #13: the expected amount is what the customer usually pays for the season, their usual consumption at
 * their usual unit prices and charges (`referencePrices: 'usual'`), so a price spike is a surprise too.
 * Markets override any of them in MARKETS_CONFIG (docs/invoice-explanations.md).
 */
export const DEFAULT_INVOICE_EXPLANATION_SETTINGS: Readonly<InvoiceExplanationSettings> = Object.freeze({
  surpriseRatio: 1.3,
  minimumDifference: 0,
  newChargeMinimum: 0,
  referencePrices: 'usual',
  lastingChangeMonths: 12,
});

/** `invoiceExplanation` in MARKETS_CONFIG, globally or per market: any setting may be left out. */
export const InvoiceExplanationSettingsOverrideSchema = z.strictObject({
  /** 1.01–10: "at least 1 % above" to "ten times". */
  surpriseRatio: z.optional(z.number().check(z.gte(1.01), z.lte(10))),
  minimumDifference: z.optional(z.number().check(z.gte(0), z.lte(1_000_000))),
  newChargeMinimum: z.optional(z.number().check(z.gte(0), z.lte(1_000_000))),
  referencePrices: z.optional(z.enum(REFERENCE_PRICES)),
  /** 0–24 months; 0 turns the lasting-change rule off. */
  lastingChangeMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(24))),
});
/** A partial {@link InvoiceExplanationSettings}. */
export type InvoiceExplanationSettingsOverride = z.output<typeof InvoiceExplanationSettingsOverrideSchema>;

/** The settings with each layer's overrides applied in order (later wins). */
export function invoiceExplanationSettings(
  ...overrides: ReadonlyArray<InvoiceExplanationSettingsOverride | undefined>
): InvoiceExplanationSettings {
  const settings: InvoiceExplanationSettings = { ...DEFAULT_INVOICE_EXPLANATION_SETTINGS };
  for (const override of overrides) {
    if (override === undefined) continue;
    if (override.surpriseRatio !== undefined) settings.surpriseRatio = override.surpriseRatio;
    if (override.minimumDifference !== undefined) settings.minimumDifference = override.minimumDifference;
    if (override.newChargeMinimum !== undefined) settings.newChargeMinimum = override.newChargeMinimum;
    if (override.referencePrices !== undefined) settings.referencePrices = override.referencePrices;
    if (override.lastingChangeMonths !== undefined)
      settings.lastingChangeMonths = override.lastingChangeMonths;
  }
  return settings;
}
