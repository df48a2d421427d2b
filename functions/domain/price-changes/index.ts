/** Price-change notices: legal lead times, personal impact, the notice facts and the late-notice alert. Pure. */
export {
  addTallies,
  countMoved,
  emptyTally,
  type LatePriceNoticeAlert,
  latePriceNoticeAlert,
  MAX_ALERT_DATES,
  type NoticeTally,
} from './alert.ts';
export { addDays, addMonths } from './calendar.ts';
export {
  type AlternativeImpact,
  type AnnualConsumption,
  annualConsumption,
  type ConsumptionBasis,
  FULL_YEAR_DAYS,
  type PersonalImpact,
  personalImpact,
  roundCents,
  TYPICAL_ANNUAL_KWH,
} from './impact.ts';
export {
  type CustomerEffectiveDate,
  customerEffectiveDate,
  earliestEffectiveDate,
  governingRule,
  type LeadTime,
  type NoticeRule,
  noticeRuleFor,
  noticeRules,
  noticeRulesFor,
  type ProductKind,
  type Segment,
} from './lead-time.ts';
export {
  type CustomerNotice,
  changesPrice,
  customerNotice,
  type NotAffectedReason,
  type NoticeCustomer,
  noticeDate,
  type PriceChangeNoticeRequest,
} from './notice.ts';
export {
  type LeadTimeSetting,
  LeadTimeSettingSchema,
  type PriceNoticeSettings,
  PriceNoticeSettingsSchema,
} from './settings.ts';
