/**
 * Who a message is from and how to reach us: the per-market sender profile (`sender` in MARKETS_CONFIG).
 * Every message stille sends, e-mail and SMS, in every locale, carries it (the footer of
 * `functions/templates/sender-footer.ts`), so "contact us before you pay" always leads somewhere, and
 * survey and marketing messages identify the sender as markedsføringsloven § 15 / marknadsföringslagen
 * § 9 and the e-commerce acts require (name and postal address of the trader).
 */
import * as z from 'zod/mini';
import { email, hasControlCharacter, type Market } from '../contracts/common.ts';
import { mustBe } from '../contracts/field-errors.ts';

const BRAND_PHRASE = 'a brand name of 1–40 characters, without control characters';
const PHONE_PHRASE =
  'a phone number of digits and spaces, optionally starting with +, such as "+47 21 00 00 00"';
const PHONE_PATTERN = /^\+?[0-9][0-9 ]{2,18}[0-9]$/;
const TIME_PHRASE = 'a time of day as HH:MM (24-hour), such as "08:00"';
const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const WEB_PHRASE = 'an absolute https URL of at most 120 characters';
const POSTAL_PHRASE = 'a postal address of 1–120 characters on one line, without control characters';

/** One line of plain text: at most `max` characters, no control characters (no header or line injection). */
function oneLine(max: number, phrase: string) {
  return z.string({ error: mustBe(phrase) }).check(
    z.minLength(1, { error: mustBe(phrase) }),
    z.maxLength(max, { abort: true, error: mustBe(phrase) }),
    z.refine((text) => !hasControlCharacter(text) && text.trim() === text, { error: mustBe(phrase) }),
  );
}

const openingTime = z
  .string({ error: mustBe(TIME_PHRASE) })
  .check(
    z.maxLength(5, { abort: true, error: mustBe(TIME_PHRASE) }),
    z.regex(TIME_PATTERN, { error: mustBe(TIME_PHRASE) }),
  );

/** Opening hours of one kind of day, local time of the market: `open` before `close`. */
export const OpeningHoursSchema = z.strictObject({ open: openingTime, close: openingTime }).check(
  z.refine((hours) => hours.open < hours.close, {
    error: 'close must be later than open',
    path: ['close'],
  }),
);
/** Opening hours of one kind of day. */
export type OpeningHours = z.output<typeof OpeningHoursSchema>;

function isHttpsUrl(text: string): boolean {
  if (/\s/.test(text) || hasControlCharacter(text)) return false;
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The sender profile of a market. */
export const SenderProfileSchema = z.strictObject({
  /** The name the customer knows us by, shown in every message ("Stille"). */
  brand: oneLine(40, BRAND_PHRASE),
  /** Customer service's phone number, as customers dial it in the market. */
  phone: z
    .string({ error: mustBe(PHONE_PHRASE) })
    .check(
      z.maxLength(20, { abort: true, error: mustBe(PHONE_PHRASE) }),
      z.regex(PHONE_PATTERN, { error: mustBe(PHONE_PHRASE) }),
    ),
  /** When the phone is answered: weekdays (Monday–Friday), and Saturdays when it is open then too. */
  openingHours: z.strictObject({
    weekdays: OpeningHoursSchema,
    saturday: z.optional(OpeningHoursSchema),
  }),
  /** Self-service: where the customer sees invoices, agreement and consents, and can write to us. */
  web: z
    .string({ error: mustBe(WEB_PHRASE) })
    .check(
      z.maxLength(120, { abort: true, error: mustBe(WEB_PHRASE) }),
      z.refine(isHttpsUrl, { error: mustBe(WEB_PHRASE) }),
    ),
  /** The company's name and postal address, as survey and marketing messages must give them. */
  postalAddress: oneLine(120, POSTAL_PHRASE),
  /** Where a reply to an e-mail goes (the e-mail's Reply-To): a mailbox customer service reads. */
  replyTo: email,
});
/** Who a message is from and how to reach us. */
export type SenderProfile = z.output<typeof SenderProfileSchema>;

/**
 * Placeholder profiles used when a market's configuration has no `sender`: the reserved `stille.example`
 * domain (RFC 2606) and numbers no one answers. A real deployment must set its own (docs/contact-policy.md).
 */
export const DEFAULT_SENDER_PROFILES: Readonly<Record<Market, SenderProfile>> = Object.freeze({
  NO: Object.freeze({
    brand: 'Stille',
    phone: '+47 21 00 00 00',
    openingHours: { weekdays: { open: '08:00', close: '16:00' } },
    web: 'https://stille.example/no/min-side',
    postalAddress: 'Stille AS, Postboks 1, 0101 Oslo',
    replyTo: 'kundeservice@stille.example',
  }),
  SE: Object.freeze({
    brand: 'Stille',
    phone: '+46 8 000 000 00',
    openingHours: { weekdays: { open: '08:00', close: '17:00' } },
    web: 'https://stille.example/se/mina-sidor',
    postalAddress: 'Stille AB, Box 1, 111 20 Stockholm',
    replyTo: 'kundservice@stille.example',
  }),
  FI: Object.freeze({
    brand: 'Stille',
    phone: '+358 9 000 0000',
    openingHours: { weekdays: { open: '08:00', close: '16:00' } },
    web: 'https://stille.example/fi/oma-sivu',
    postalAddress: 'Stille Oy, PL 1, 00100 Helsinki',
    replyTo: 'asiakaspalvelu@stille.example',
  }),
  DK: Object.freeze({
    brand: 'Stille',
    phone: '+45 00 00 00 00',
    openingHours: { weekdays: { open: '08:00', close: '16:00' } },
    web: 'https://stille.example/dk/min-side',
    postalAddress: 'Stille ApS, Postboks 1, 1050 København K',
    replyTo: 'kundeservice@stille.example',
  }),
});
