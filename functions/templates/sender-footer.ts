/**
 * The sender footer: who a message is from and how to reach us, in every message of every kind, e-mail
 * and SMS, in every locale. One function per channel, so a new kind (a campaign message) gets the same
 * footer by calling them or by rendering through `layout.ts`, which does:
 *
 * - {@link senderFooterLines}: the e-mail footer, line by line: brand and customer service's phone with
 *   its opening hours, the self-service web address, that a reply reaches us (Reply-To), and for survey
 *   and marketing messages the company's name and postal address (markedsføringsloven § 15,
 *   marknadsföringslagen § 9: a marketing message must identify who it is from).
 * - {@link senderSignOff}: the sign-off under the e-mail body ("Stille kundeservice").
 * - {@link senderSmsParts}: the end of an SMS: the brand and phone, always kept (an SMS carries at most
 *   one link, so the web address is the e-mail's).
 */
import type { SenderProfile } from '#domain/config/sender-profile.ts';
import type { Purpose } from '#domain/messaging/types.ts';
import type { Inline } from './content.ts';
import type { TemplateLocale } from './locale.ts';
import type { SmsPart } from './sms.ts';

/** One line of the e-mail footer: text and links (a `tel:` link is written as its number in plain text). */
export type SenderFooterLine = readonly Inline[];

interface SenderWords {
  weekdays: string;
  saturday: string;
  /** `08.00` in nb-NO and sv-SE, `8.00` in fi-FI, sv-FI and da-DK, `08:00` in en-GB. */
  time(clock: string): string;
  service(brand: string): string;
  web: string;
  reply: string;
  sender: string;
  signOff(brand: string): string;
  smsPhone(brand: string, phone: string): string;
}

const WORDS: Readonly<Record<TemplateLocale, SenderWords>> = {
  'nb-NO': {
    weekdays: 'hverdager',
    saturday: 'lørdag',
    time: (clock) => clock.replace(':', '.'),
    service: (brand) => `${brand} kundeservice`,
    web: 'På nett',
    reply: 'Du kan også svare på denne e-posten.',
    sender: 'Avsender',
    signOff: (brand) => `${brand} kundeservice`,
    smsPhone: (brand, phone) => `Hilsen ${brand}, tlf. ${phone}`,
  },
  'sv-SE': {
    weekdays: 'vardagar',
    saturday: 'lördag',
    time: (clock) => clock.replace(':', '.'),
    service: (brand) => `${brand} kundservice`,
    web: 'På webben',
    reply: 'Du kan också svara på det här mejlet.',
    sender: 'Avsändare',
    signOff: (brand) => `${brand} kundservice`,
    smsPhone: (brand, phone) => `Hälsningar ${brand}, tel. ${phone}`,
  },
  'en-GB': {
    weekdays: 'weekdays',
    saturday: 'Saturday',
    time: (clock) => clock,
    service: (brand) => `${brand} customer service`,
    web: 'Online',
    reply: 'You can also reply to this email.',
    sender: 'Sender',
    signOff: (brand) => `${brand} customer service`,
    smsPhone: (brand, phone) => `${brand}, tel. ${phone}`,
  },
  'fi-FI': {
    weekdays: 'arkisin',
    saturday: 'lauantaisin',
    time: finnishClock,
    service: () => 'Asiakaspalvelumme',
    web: 'Verkossa',
    reply: 'Voit myös vastata tähän viestiin.',
    sender: 'Lähettäjä',
    signOff: (brand) => `${finnishGenitive(brand)} asiakaspalvelu`,
    smsPhone: (brand, phone) => `Terveisin ${brand}, puh. ${phone}`,
  },
  'sv-FI': {
    weekdays: 'vardagar',
    saturday: 'lördagar',
    time: finnishClock,
    service: (brand) => `${brand} kundtjänst`,
    web: 'På webben',
    reply: 'Du kan också svara på det här e-postmeddelandet.',
    sender: 'Avsändare',
    signOff: (brand) => `${brand} kundtjänst`,
    smsPhone: (brand, phone) => `Hälsningar ${brand}, tfn ${phone}`,
  },
  'da-DK': {
    weekdays: 'hverdage',
    saturday: 'lørdag',
    time: finnishClock,
    service: (brand) => `${brand} kundeservice`,
    web: 'På nettet',
    reply: 'Du kan også svare på denne e-mail.',
    sender: 'Afsender',
    signOff: (brand) => `${brand} kundeservice`,
    smsPhone: (brand, phone) => `Hilsen ${brand}, tlf. ${phone}`,
  },
};

/** `8.00`, `16.30`: Finland (in both languages) and Denmark write the hour without a leading zero. */
function finnishClock(clock: string): string {
  return clock.replace(/^0(?=\d)/, '').replace(':', '.');
}

/**
 * A brand in the Finnish genitive, as "Stillen asiakaspalvelu" needs it: a word ending in a vowel takes
 * `-n` (Stille → Stillen), a longer word ending in a consonant `-in` (Fortum → Fortumin), and an
 * abbreviation or a short word (ABC, Oy) `:n` (ABC:n, Oy:n).
 */
export function finnishGenitive(brand: string): string {
  const last = brand.split(/\s+/u).at(-1) ?? brand;
  if (last.length <= 2 || (last === last.toUpperCase() && /\p{Lu}/u.test(last))) return `${brand}:n`;
  if (/[aeiouyäöå]$/iu.test(last)) return `${brand}n`;
  if (/\p{L}$/u.test(last)) return `${brand}in`;
  return `${brand}:n`;
}

/** `hverdager 08.00–16.00, lørdag 10.00–14.00`. */
export function openingHoursText(sender: SenderProfile, locale: TemplateLocale): string {
  const words = WORDS[locale];
  const span = ({ open, close }: { open: string; close: string }) =>
    `${words.time(open)}–${words.time(close)}`;
  const { weekdays, saturday } = sender.openingHours;
  const parts = [`${words.weekdays} ${span(weekdays)}`];
  if (saturday !== undefined) parts.push(`${words.saturday} ${span(saturday)}`);
  return parts.join(', ');
}

/** The `tel:` URI of a phone number as written (`+47 21 00 00 00` → `tel:+4721000000`). */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^+0-9]/g, '')}`;
}

/** The e-mail footer's lines about the sender, for a message of `purpose` in `locale`. */
export function senderFooterLines(
  sender: SenderProfile,
  locale: TemplateLocale,
  purpose: Purpose,
): SenderFooterLine[] {
  const words = WORDS[locale];
  const lines: SenderFooterLine[] = [
    [
      `${words.service(sender.brand)}: `,
      { href: telUri(sender.phone), text: sender.phone },
      ` (${openingHoursText(sender, locale)})`,
    ],
    [`${words.web}: `, { href: sender.web, text: sender.web }, `. ${words.reply}`],
  ];
  if (purpose !== 'service') lines.push([`${words.sender}: ${sender.postalAddress}`]);
  return lines;
}

/** A footer line as plain text: a phone link is its number, a web link its address. */
export function senderFooterLineText(line: SenderFooterLine): string {
  return line
    .map((piece) => {
      if (typeof piece === 'string') return piece;
      if ('strong' in piece) return piece.strong;
      return piece.href.startsWith('tel:') || piece.text === piece.href
        ? piece.text
        : `${piece.text} (${piece.href})`;
    })
    .join('');
}

/** The second line of the e-mail sign-off: "Stille kundeservice". */
export function senderSignOff(sender: SenderProfile, locale: TemplateLocale): string {
  return WORDS[locale].signOff(sender.brand);
}

/**
 * The last sentence of an SMS: "Hilsen Stille, tlf. +47 21 00 00 00", required: every SMS says who it is
 * from and how to reach us. (The web address stays in the e-mail: an SMS carries at most one link.)
 */
export function senderSmsParts(sender: SenderProfile, locale: TemplateLocale): SmsPart[] {
  return [`${WORDS[locale].smsPhone(sender.brand, sender.phone)}.`];
}
