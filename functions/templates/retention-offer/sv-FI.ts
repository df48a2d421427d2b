/**
 * The retention offer in Finland-Swedish (sv-FI): `sv-SE.ts`'s words, with Finland's for a contract's
 * term (avtalsperiod) and an invoice (räkning).
 */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { SV } from './sv-SE.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'dina elräkningar',
  broadband: 'dina bredbandsräkningar',
  mobile: 'dina mobilräkningar',
  insurance: 'dina försäkringsräkningar',
};

export const SV_FI: OfferWords = {
  ...SV,
  subject: (name, worth) =>
    worth?.per === 'once' && name !== undefined
      ? `Ett erbjudande till dig: ${name} – ${worth.amount} dras av från nästa räkning`
      : SV.subject(name, worth),
  reasons: {
    ...SV.reasons,
    'binding-ending': 'Avtalsperioden för ditt avtal går snart ut.',
    'high-invoice': 'Du har nyligen fått en större räkning än vanligt.',
  },
  signal: {
    ...SV.signal,
    bindingEnding: (date) => `Avtalsperioden för ditt avtal går ut den ${date}.`,
    highInvoice: ({ month, amount, expected }) =>
      `Räkningen du fick i ${month}${amount === null ? '' : `, på ${amount},`} var större än vanligt${expected === null ? '' : ` (vanligtvis runt ${expected})`}.`,
  },
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `fast pris på ${price} ${component === 'energy' ? 'per kWh' : 'per månad'}${months === null ? ' utan fast avtalsperiod' : ` i ${months.text}`}${current === null ? '' : ` (annars är ditt pris ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent} rabatt på ${kind === undefined ? 'dina räkningar' : KIND[kind]} i ${months.text}`,
    bonus: (amount) => `en lojalitetsbonus på ${amount}, som dras av från din nästa räkning`,
  },
  table: { ...SV.table, binding: 'Avtalsperiod', noBinding: 'Tills vidare' },
  sms: {
    ...SV.sms,
    worth: (worth) =>
      worth.per === 'year' ? SV.sms.worth(worth) : `${worth.amount} dras av från nästa räkning.`,
    stop: 'Svara STOP om du inte vill få fler erbjudanden per sms.',
  },
};
