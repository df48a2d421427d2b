/** Invoice explanations: expected amounts, surprises and the facts that explain them. Pure. */
export { assessInvoice, earlierOverlapping } from './assess.ts';
export { chargeKey } from './charges.ts';
export { expectedConsumption, priorInvoices } from './expected.ts';
export {
  learnSeasonalProfile,
  MAX_PROFILE_SAMPLES,
  MIN_PROFILE_SAMPLES,
  productShape,
  type SourcedProfile,
} from './learned-profile.ts';
export {
  type DuplicateInvoiceAlert,
  duplicateInvoiceAlert,
  explanationRequest,
  type InvoiceExplanationRequest,
  laterCopiesOf,
} from './requests.ts';
export {
  ELECTRICITY_PROFILES,
  type SeasonalProfile,
  seasonalDays,
  seasonalProfileFor,
} from './seasonal-profile.ts';
export {
  DEFAULT_INVOICE_EXPLANATION_SETTINGS,
  type InvoiceExplanationSettingsOverride,
  InvoiceExplanationSettingsOverrideSchema,
  invoiceExplanationSettings,
} from './settings.ts';
export * from './types.ts';
