/**
 * Per-market configuration: senders, SMS message types, quiet hours and frequency caps. One source
 * for both runtimes: the CDK app serializes it into the `MARKETS_CONFIG` environment variable of the
 * functions that need it, and handlers read it back with {@link loadMarketsConfig} at cold start.
 * See docs/contact-policy.md for what each setting does and where the defaults come from.
 */
import * as z from 'zod/mini';
import { email, hasControlCharacter, MARKETS, type Market } from '../contracts/common.ts';
import { describeValue, mustBe, safeParseContract, toFieldErrors } from '../contracts/field-errors.ts';
import type { Purpose } from '../contracts/messages.ts';
import {
  type InvoiceExplanationSettings,
  InvoiceExplanationSettingsOverrideSchema,
  invoiceExplanationSettings,
} from '../invoices/index.ts';
import { type LeadTimeSetting, PriceNoticeSettingsSchema } from '../price-changes/settings.ts';
import {
  DEFAULT_RISK_LEVELS,
  DEFAULT_SIGNAL_WEIGHTS,
  type RiskLevels,
  type SignalWeights,
} from '../retention/risk.ts';
import { ConfigError } from './config-error.ts';
import { SETTING_ENV } from './env-names.ts';
import { MARKETING_CONSENT_BASES, type MarketingConsentBasis } from './marketing-basis.ts';
import { DEFAULT_SENDER_PROFILES, type SenderProfile, SenderProfileSchema } from './sender-profile.ts';

export { ConfigError } from './config-error.ts';
export { MARKETING_CONSENT_BASES, type MarketingConsentBasis } from './marketing-basis.ts';
export { DEFAULT_SENDER_PROFILES, type SenderProfile, SenderProfileSchema } from './sender-profile.ts';

/** The environment variable holding the serialized {@link MarketsConfig}. */
export const MARKETS_CONFIG_ENV = SETTING_ENV.marketsConfig;

/**
 * Longest serialized configuration accepted. Lambda allows 4 KB for all of a function's environment
 * variables together, so a longer value could never be deployed; rejecting it here makes the embedded
 * runtime and `cdk synth` fail the same way AWS would.
 */
export const MAX_MARKETS_CONFIG_CHARS = 4096;

// ---------------------------------------------------------------------------------------------------
// Building blocks

const CLOCK_TIME_PHRASE = 'a time of day as HH:MM (24-hour), such as "21:00"';
const CLOCK_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** A local time of day as `HH:MM`, 00:00–23:59. */
export const clockTime = z
  .string({ error: mustBe(CLOCK_TIME_PHRASE) })
  .check(
    z.maxLength(5, { abort: true, error: mustBe(CLOCK_TIME_PHRASE) }),
    z.regex(CLOCK_TIME_PATTERN, { error: mustBe(CLOCK_TIME_PHRASE) }),
  );

const MAILBOX_PHRASE = 'an email address, optionally with a display name: "stille <varsel@stille.example>"';
// `Display Name <address>` or a bare address. The display name excludes RFC 5322 specials that would
// need quoting (`()<>[]:;@\,"`), so the value can go into a From header as it is.
const MAILBOX_PATTERN = /^(?:([^()<>[\]:;@\\,"]{0,64}?) *<([^<>\s]+)>|([^<>\s]+))$/;

/** The address part of a mailbox (`varsel@stille.example` of `stille <varsel@stille.example>`). */
export function addressOfMailbox(mailbox: string): string | undefined {
  const match = MAILBOX_PATTERN.exec(mailbox);
  return match?.[2] ?? match?.[3];
}

/** A sender mailbox: `Display Name <address>` or a bare address; no control characters (no header injection). */
export const mailbox = z.string({ error: mustBe(MAILBOX_PHRASE) }).check(
  z.maxLength(320, { abort: true, error: mustBe(MAILBOX_PHRASE) }),
  z.refine(
    (text) => {
      if (hasControlCharacter(text)) return false;
      const address = addressOfMailbox(text);
      return address !== undefined && email.safeParse(address).success;
    },
    { error: mustBe(MAILBOX_PHRASE) },
  ),
);

const ORIGINATION_IDENTITY_PHRASE =
  'an SMS origination identity: a sender ID such as "STILLE", a phone number, or a phone number, sender ID or pool ID or ARN';
// What End User Messaging's SendTextMessage accepts as OriginationIdentity: 1–256 of these characters.
const ORIGINATION_IDENTITY_PATTERN = /^[A-Za-z0-9_:/+-]{1,256}$/;

/** An End User Messaging SMS origination identity (sender ID, phone number, or their ID/ARN, or a pool). */
export const originationIdentity = z
  .string({ error: mustBe(ORIGINATION_IDENTITY_PHRASE) })
  .check(
    z.maxLength(256, { abort: true, error: mustBe(ORIGINATION_IDENTITY_PHRASE) }),
    z.regex(ORIGINATION_IDENTITY_PATTERN, { error: mustBe(ORIGINATION_IDENTITY_PHRASE) }),
  );

// ---------------------------------------------------------------------------------------------------
// Defaults (docs/contact-policy.md, "Configuration", lists their sources)

/**
 * Default SMS quiet hours, local time of the customer: 21:00–08:00. Issue #3 sets them: no phone should
 * buzz at night, whatever the purpose. 21:00 is also where Norway's marketing act ends telemarketing on
 * weekdays (Prop. 43 L (2016–2017): no calls before 09:00 or after 21:00); 08:00 rather than 09:00 because
 * service notices are not marketing and customers expect them early in the day.
 */
export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({ start: '21:00', end: '08:00' });

/**
 * SMS quiet hours by market, each with why. No market stille serves sets hours for texts by law, so each
 * keeps the default window; the table says so per market and is where a market's own habit goes.
 * Denmark forbids unsolicited marketing calls outright (forbrugeraftaleloven § 4) and electronic
 * marketing without consent (markedsføringsloven § 10), and Finland's direct-marketing rules (laki
 * sähköisen viestinnän palveluista 200 §) set no hours either: nothing moves the window there.
 */
export const QUIET_HOURS_BY_MARKET: Readonly<Record<Market, { hours: QuietHours; source: string }>> =
  Object.freeze({
    NO: {
      hours: DEFAULT_QUIET_HOURS,
      source:
        'stille default; Norway ends telemarketing at 21:00 on weekdays (markedsføringsloven, Prop. 43 L (2016–2017))',
    },
    SE: {
      hours: DEFAULT_QUIET_HOURS,
      source: 'stille default; no Swedish rule sets hours for texts',
    },
    FI: {
      hours: DEFAULT_QUIET_HOURS,
      source:
        'stille default; no Finnish rule sets hours for texts (laki sähköisen viestinnän palveluista 917/2014 200 § sets consent, not hours)',
    },
    DK: {
      hours: DEFAULT_QUIET_HOURS,
      source:
        'stille default; no Danish rule sets hours for texts (markedsføringsloven § 10 and forbrugeraftaleloven § 4 set consent, not hours)',
    },
  });

/**
 * Default frequency caps (issue #3): at most one survey request in 90 days, so a customer is asked for
 * feedback about once a quarter and not after every contact; at most two marketing messages in 30 days.
 * Service notices are never capped.
 */
export const DEFAULT_CAPS: Readonly<Caps> = Object.freeze({
  survey: Object.freeze({ max: 1, days: 90 }),
  marketing: Object.freeze({ max: 2, days: 30 }),
});

/**
 * Default SMS message types by purpose. End User Messaging routes TRANSACTIONAL messages as critical and
 * time-sensitive, PROMOTIONAL ones as not: service notices are transactional, marketing is promotional
 * by definition, and a survey request is not time-critical, so promotional unless a market says otherwise.
 */
export const DEFAULT_MESSAGE_TYPE_BY_PURPOSE: Readonly<MessageTypeByPurpose> = Object.freeze({
  service: 'TRANSACTIONAL',
  survey: 'PROMOTIONAL',
  marketing: 'PROMOTIONAL',
});

// ---------------------------------------------------------------------------------------------------
// Schema

/**
 * Longest quiet-hours window, in minutes: 22 hours. The zones stille serves move their clocks by one
 * hour; leaving at least two hours a day for SMS means a spring-forward jump can never swallow the whole
 * sending time of a day, so a deferred SMS waits less than a day (at most the window plus one hour).
 */
export const MAX_QUIET_HOURS_MINUTES = 22 * 60;

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** SMS quiet hours: `[start, end)` in the customer's local time; a window may wrap midnight. */
export const QuietHoursSchema = z.strictObject({ start: clockTime, end: clockTime }).check(
  z.superRefine((hours, ctx) => {
    const length = (minutesOf(hours.end) - minutesOf(hours.start) + 1_440) % 1_440;
    if (length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        input: hours.end,
        message: `must differ from start (an empty or a 24-hour window is not a quiet-hours setting), got ${describeValue(hours.end)}`,
      });
    } else if (length > MAX_QUIET_HOURS_MINUTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        input: hours.end,
        message: `must leave at least 2 hours a day outside quiet hours (at most ${MAX_QUIET_HOURS_MINUTES / 60} hours from start), got ${describeValue(hours.end)} after ${describeValue(hours.start)}`,
      });
    }
  }),
);
/** SMS quiet hours in local time, each `HH:MM`. */
export interface QuietHours {
  start: string;
  end: string;
}

/** A frequency cap: at most `max` messages of one purpose in any `days` × 24 hours. */
export const FrequencyCapSchema = z.strictObject({
  max: z.number().check(z.int(), z.gte(1), z.lte(100)),
  days: z.number().check(z.int(), z.gte(1), z.lte(3650)),
});
/** A frequency cap: at most `max` messages in `days` × 24 hours. */
export interface FrequencyCap {
  max: number;
  days: number;
}

/** The capped purposes. */
export type CappedPurpose = Exclude<Purpose, 'service'>;

/** Caps for each capped purpose. */
export const CapsSchema = z.strictObject({ survey: FrequencyCapSchema, marketing: FrequencyCapSchema });
/** Caps for each capped purpose. */
export type Caps = Record<CappedPurpose, FrequencyCap>;

/** A market's override of the global caps: either purpose may be left out. */
export const CapsOverrideSchema = z.strictObject({
  survey: z.optional(FrequencyCapSchema),
  marketing: z.optional(FrequencyCapSchema),
});

/** The SMS message type of each purpose: service is always transactional, marketing always promotional. */
export const MessageTypeByPurposeSchema = z.strictObject({
  service: z.literal('TRANSACTIONAL'),
  survey: z.enum(['PROMOTIONAL', 'TRANSACTIONAL']),
  marketing: z.literal('PROMOTIONAL'),
});
/** The SMS message type of each purpose. */
export type MessageTypeByPurpose = z.output<typeof MessageTypeByPurposeSchema>;

/** Email sender of a market. `replyTo`, when set, wins over the sender profile's. */
export const EmailSenderSchema = z.strictObject({
  from: mailbox,
  replyTo: z.optional(email),
});

// An alphanumeric sender ID: 1-11 letters, digits, hyphens; at least one letter (else it is a number).
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/;

/** Whether an origination identity is an alphanumeric sender ID (one-way: nobody can reply to it). */
export function isSenderId(identity: string): boolean {
  return SENDER_ID.test(identity) || /:sender-id\//.test(identity);
}

/**
 * SMS sender of a market. `twoWay: true` says the origination identity is a phone number (or pool)
 * with two-way SMS to stille's inbound topic, so customers can reply STOP; otherwise (the default,
 * and always for a sender ID, which nobody can reply to) marketing and survey texts carry a short
 * signed opt-out link instead of a reply instruction.
 */
export const SmsSenderSchema = z
  .strictObject({
    originationIdentity,
    messageTypeByPurpose: z._default(MessageTypeByPurposeSchema, () => ({
      ...DEFAULT_MESSAGE_TYPE_BY_PURPOSE,
    })),
    twoWay: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((sender, ctx) => {
      if (sender.twoWay && isSenderId(sender.originationIdentity)) {
        ctx.issues.push({
          code: 'custom',
          path: ['twoWay'],
          input: sender.twoWay,
          message: `must be false for the sender ID "${sender.originationIdentity}": nobody can reply to a sender ID`,
        });
      }
    }),
  );

/**
 * The legal basis a market's marketing may use (functions/domain/config/marketing-basis.ts):
 * `existingCustomers: true` allows the existing-customer exception of the market's law (DK
 * markedsføringsloven § 10, stk. 2; FI 917/2014 200 § 2 mom.; NO markedsføringsloven § 15 (2); SE
 * marknadsföringslagen 19 § andra stycket) for marketing of the provider's own similar products to a
 * customer who has not objected. Off by default: consent alone.
 */
export const MarketingConsentSchema = z.strictObject({
  existingCustomers: z._default(z.boolean(), false),
});
/** The legal basis a market's marketing may use. */
export type MarketingConsent = z.output<typeof MarketingConsentSchema>;

const signalWeight = z.number().check(z.int(), z.gte(0), z.lte(10));

/**
 * How the signals add up to `churnRisk` (docs/retention.md "Churn risk"): each signal's weight (0–10;
 * the defaults in functions/domain/retention/risk.ts) and the score from which each level holds.
 */
export const RetentionSettingsSchema = z.strictObject({
  weights: z.optional(
    z.strictObject({
      'binding-ending': z.optional(signalWeight),
      'price-increase': z.optional(signalWeight),
      'high-invoice': z.optional(signalWeight),
      'support-delay': z.optional(signalWeight),
      detractor: z.optional(signalWeight),
      'long-tenure': z.optional(signalWeight),
    }),
  ),
  levels: z.optional(
    z
      .strictObject({
        low: z.number().check(z.int(), z.gte(1), z.lte(60)),
        medium: z.number().check(z.int(), z.gte(1), z.lte(60)),
        high: z.number().check(z.int(), z.gte(1), z.lte(60)),
      })
      .check(
        z.refine((levels) => levels.low <= levels.medium && levels.medium <= levels.high, {
          error: 'must rise: low ≤ medium ≤ high',
        }),
      ),
  ),
});
/** How the signals add up to `churnRisk`. */
export type RetentionSettings = z.output<typeof RetentionSettingsSchema>;

/**
 * One market's configuration; `quietHours` defaults to 21:00–08:00, `caps` to the global caps, and
 * `invoiceExplanation` (when an invoice is surprising) to the global settings.
 */
export const MarketConfigSchema = z.strictObject({
  email: EmailSenderSchema,
  sms: SmsSenderSchema,
  quietHours: z._default(QuietHoursSchema, () => ({ ...DEFAULT_QUIET_HOURS })),
  caps: z.optional(CapsOverrideSchema),
  invoiceExplanation: z.optional(InvoiceExplanationSettingsOverrideSchema),
  /** Longer lead times for price-change notices than the law's (docs/price-changes.md). */
  priceNotice: z.optional(PriceNoticeSettingsSchema),
  /**
   * Who the messages are from and how to reach us (brand, phone and opening hours, self-service web
   * address, postal address, Reply-To); a placeholder profile when left out (DEFAULT_SENDER_PROFILES).
   */
  sender: z.optional(SenderProfileSchema),
  /** Whether the market's marketing may rely on the existing-customer exception (off: consent alone). */
  marketingConsent: z.optional(MarketingConsentSchema),
  /** The market's own churn-risk weights and levels, over the global ones. */
  retention: z.optional(RetentionSettingsSchema),
});
/** One market's configuration. */
export type MarketConfig = z.output<typeof MarketConfigSchema>;

/**
 * The whole configuration: every market (NO, SE, FI, DK) must be configured; `caps` applies to all
 * markets unless a market overrides it. Unknown keys are rejected, so a misspelt setting fails the
 * deployment instead of being silently ignored.
 */
export const MarketsConfigSchema = z.strictObject({
  markets: z.strictObject({
    NO: MarketConfigSchema,
    SE: MarketConfigSchema,
    FI: MarketConfigSchema,
    DK: MarketConfigSchema,
  } satisfies Record<Market, typeof MarketConfigSchema>),
  caps: z._default(CapsSchema, () => ({
    survey: { ...DEFAULT_CAPS.survey },
    marketing: { ...DEFAULT_CAPS.marketing },
  })),
  /** When an invoice is surprising, for every market unless a market overrides a setting. */
  invoiceExplanation: z.optional(InvoiceExplanationSettingsOverrideSchema),
  /** Churn-risk weights and levels for every market unless a market overrides them. */
  retention: z.optional(RetentionSettingsSchema),
});
/** The per-market configuration, as handlers and the contact policy use it (defaults filled in). */
export type MarketsConfig = z.output<typeof MarketsConfigSchema>;
/** The per-market configuration as written (quiet hours, caps and message types may be left out). */
export type MarketsConfigInput = z.input<typeof MarketsConfigSchema>;

// ---------------------------------------------------------------------------------------------------
// The default configuration

function defaultMarket(market: Market, fromAddress: string): z.input<typeof MarketConfigSchema> {
  // `.example` is reserved (RFC 2606): a real deployment must set its own verified SES identity.
  return {
    email: { from: `stille <${fromAddress}@stille.example>` },
    sms: { originationIdentity: 'STILLE' },
    quietHours: { ...QUIET_HOURS_BY_MARKET[market].hours },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The configuration used when `MARKETS_CONFIG` is not set (the embedded runtime, tests, a first
 * deployment): placeholder senders on the reserved `stille.example` domain, the alphanumeric sender ID
 * `STILLE` (a sender ID shows the brand instead of a number, but is one-way: replies such as `STOP` need
 * a phone number; check End User Messaging's country table for sender-ID support and registration
 * before a real deployment), default quiet hours and caps. Frozen: copy it to change it.
 */
export const DEFAULT_MARKETS_CONFIG: MarketsConfig = deepFreeze(
  MarketsConfigSchema.parse({
    markets: {
      NO: defaultMarket('NO', 'varsel'),
      SE: defaultMarket('SE', 'avisering'),
      FI: defaultMarket('FI', 'ilmoitus'),
      DK: defaultMarket('DK', 'besked'),
    },
  }),
);

// ---------------------------------------------------------------------------------------------------
// Loading and serializing

/**
 * Reads the configuration from the value of `MARKETS_CONFIG`. `undefined` (the variable is not set)
 * gives {@link DEFAULT_MARKETS_CONFIG}; anything else must be a complete, valid configuration.
 * @throws ConfigError when the text is empty, too long, not JSON, or not a valid configuration; its
 *   `errors` carry field paths (`markets.SE.quietHours.start`) and its `cause` the parse error.
 */
export function loadMarketsConfig(json: string | undefined): MarketsConfig {
  if (json === undefined) return DEFAULT_MARKETS_CONFIG;
  if (json.trim() === '') {
    throw new ConfigError(MARKETS_CONFIG_ENV, [
      {
        path: MARKETS_CONFIG_ENV,
        message: 'is empty: leave it unset for the defaults, or set a JSON object',
      },
    ]);
  }
  if (json.length > MAX_MARKETS_CONFIG_CHARS) {
    throw new ConfigError(MARKETS_CONFIG_ENV, [
      {
        path: MARKETS_CONFIG_ENV,
        message: `must be at most ${MAX_MARKETS_CONFIG_CHARS} characters (Lambda's limit for all environment variables), got ${json.length}`,
      },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      MARKETS_CONFIG_ENV,
      [{ path: MARKETS_CONFIG_ENV, message: `must be JSON: ${reason}` }],
      {
        cause: error,
      },
    );
  }
  return parseMarketsConfig(parsed);
}

/**
 * Validates a configuration object (as the CDK app holds it) and fills in its defaults.
 * @throws ConfigError with field paths when it is not valid.
 */
export function parseMarketsConfig(value: unknown): MarketsConfig {
  const result = safeParseContract(MarketsConfigSchema, value);
  if (!result.success) {
    throw new ConfigError(MARKETS_CONFIG_ENV, toFieldErrors(result.error, { root: MARKETS_CONFIG_ENV }), {
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * The value the CDK app puts into `MARKETS_CONFIG`: the validated configuration as JSON.
 * @throws ConfigError when it is not valid or does not fit in a Lambda environment variable.
 */
export function serializeMarketsConfig(config: MarketsConfigInput): string {
  const json = JSON.stringify(parseMarketsConfig(config));
  if (json.length > MAX_MARKETS_CONFIG_CHARS) {
    throw new ConfigError(MARKETS_CONFIG_ENV, [
      {
        path: MARKETS_CONFIG_ENV,
        message: `must be at most ${MAX_MARKETS_CONFIG_CHARS} characters as JSON (Lambda's limit for all environment variables), got ${json.length}`,
      },
    ]);
  }
  return json;
}

/** What applies to one market: its senders and quiet hours, and its caps with the global ones filled in. */
export interface MarketSettings {
  market: Market;
  email: MarketConfig['email'];
  sms: MarketConfig['sms'];
  quietHours: QuietHours;
  caps: Caps;
  /** When an invoice of this market is surprising: defaults, then the global settings, then the market's. */
  invoiceExplanation: InvoiceExplanationSettings;
  /** The market's own price-notice lead times (empty: the legal minimum alone). */
  priceNoticeLeadTimes: readonly LeadTimeSetting[];
  /** Who the market's messages are from and how to reach us: the configured profile or the placeholder. */
  sender: SenderProfile;
  /**
   * The legal basis of the market's marketing: the law (MARKETING_CONSENT_BASES) and whether the
   * configuration allows its existing-customer exception (false unless `marketingConsent` says so).
   */
  marketingConsent: { existingCustomers: boolean; basis: MarketingConsentBasis };
  /** Churn-risk weights and levels: the defaults, then the global settings, then the market's. */
  churnRisk: { weights: SignalWeights; levels: RiskLevels };
}

/**
 * The settings of `market`, with the market's caps overriding the global caps purpose by purpose, and
 * its invoice-explanation settings overriding the global ones setting by setting.
 */
export function settingsForMarket(config: MarketsConfig, market: Market): MarketSettings {
  const own = config.markets[market];
  return {
    market,
    email: own.email,
    sms: own.sms,
    quietHours: own.quietHours,
    caps: {
      survey: own.caps?.survey ?? config.caps.survey,
      marketing: own.caps?.marketing ?? config.caps.marketing,
    },
    invoiceExplanation: invoiceExplanationSettings(config.invoiceExplanation, own.invoiceExplanation),
    priceNoticeLeadTimes: own.priceNotice?.leadTimes ?? [],
    sender: own.sender ?? DEFAULT_SENDER_PROFILES[market],
    marketingConsent: {
      existingCustomers: own.marketingConsent?.existingCustomers ?? false,
      basis: MARKETING_CONSENT_BASES[market],
    },
    churnRisk: {
      weights: {
        ...DEFAULT_SIGNAL_WEIGHTS,
        ...config.retention?.weights,
        ...own.retention?.weights,
      },
      levels: own.retention?.levels ?? config.retention?.levels ?? DEFAULT_RISK_LEVELS,
    },
  };
}

/** The markets a configuration covers, in a fixed order. */
export const CONFIGURED_MARKETS: readonly Market[] = MARKETS;
