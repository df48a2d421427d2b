/**
 * Keeping personal data out of logs: e-mail addresses and phone numbers are masked wherever they
 * appear in a log line (messages, attributes, error messages), and values under the keys that name
 * an address are masked whatever they look like. Pure: the logger (functions/adapters/logger.ts)
 * applies it to every value it writes.
 */

/** What a masked e-mail address, phone number or address-keyed value is written as. */
export const MASKED = {
  email: '<email>',
  phone: '<phone>',
  value: '<masked>',
} as const;

// Local part, @, a domain with at least one dot: what could be someone's mailbox.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// E.164 (+ and 7 to 15 digits), with the spaces, dots and hyphens people write numbers with.
const PHONE = /\+[1-9](?:[\s.-]?\d){6,14}/g;

/** Attribute names whose string values are addresses, masked whatever their value looks like. */
const ADDRESS_KEYS = new Set(
  [
    'email',
    'phone',
    'to',
    'from',
    'address',
    'replyTo',
    'destinationPhoneNumber',
    'originationNumber',
    'destinationNumber',
    'recipient',
    'recipients',
    'emailAddress',
    'phoneNumber',
    'optedOutNumber',
  ].map((key) => key.toLowerCase()),
);

/** `text` with every e-mail address and phone number in it masked. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, MASKED.email).replace(PHONE, MASKED.phone);
}

/**
 * A `JSON.stringify` replacer that masks: strings under address keys entirely, and e-mail addresses and
 * phone numbers inside every other string.
 */
export function maskingReplacer(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (ADDRESS_KEYS.has(key.toLowerCase())) return MASKED.value;
  return maskPersonalData(value);
}
