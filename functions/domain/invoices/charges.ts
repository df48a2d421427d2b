/**
 * How invoice lines are read: which are priced per unit of consumption, and which are charges a customer
 * recognises from one invoice to the next (the key that says "the same charge as last time").
 */
import type { InvoiceIssued } from './types.ts';

/** A line of an invoice. */
export type InvoiceLine = InvoiceIssued['lines'][number];

/** Month names (and their short forms) in the languages billing systems write descriptions in. */
const MONTH_WORDS = new Set([
  // nb-NO / da-DK
  'januar',
  'februar',
  'mars',
  'marts',
  'april',
  'mai',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
  'december',
  // sv-SE
  'januari',
  'februari',
  'augusti',
  // fi-FI
  'tammikuu',
  'helmikuu',
  'maaliskuu',
  'huhtikuu',
  'toukokuu',
  'kesäkuu',
  'heinäkuu',
  'elokuu',
  'syyskuu',
  'lokakuu',
  'marraskuu',
  'joulukuu',
  // en-GB
  'january',
  'february',
  'march',
  'may',
  'june',
  'july',
  'october',
  // short forms
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'okt',
  'oct',
  'nov',
  'des',
  'dec',
]);

/**
 * What makes two lines "the same charge": the kind, and the description without numbers, month names
 * and punctuation, in lower case. `Nettleie januar 2027` and `Nettleie februar 2027` are one charge;
 * `Purregebyr` is a different one from `Fakturagebyr`.
 */
export function chargeKey(line: Pick<InvoiceLine, 'kind' | 'description'>): string {
  const words = line.description
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{N}]+/gu, ' ')
    .replace(/[^\p{L}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0 && !MONTH_WORDS.has(word));
  return `${line.kind}:${words.join(' ')}`;
}

/** A line priced per unit of the invoice's metered consumption (it has a quantity). */
export function isPerUnitLine(line: InvoiceLine, invoice: InvoiceIssued): boolean {
  return invoice.consumption !== undefined && line.quantity !== undefined && line.quantity > 0;
}
