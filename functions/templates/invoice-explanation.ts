/**
 * `invoice-explanation`: an invoice is surprising. What it is, what a usual invoice is, what the
 * difference is made of (consumption, price, fees), and what the customer can do about it, all in the
 * numbers of the facts: not pay a period twice, send a meter reading for an estimated one, spread a high
 * amount, ask about a new charge, and (on paper) get the invoice digitally.
 *
 * Every optional fact here may be missing: older producers send only amounts and causes.
 *
 * The parts live in `invoice-explanation/`: the facts schema (`facts.ts`), what is said and in which
 * order (`render.ts`), and the words of each locale (`nb-NO.ts`, `sv-SE.ts`, `en-GB.ts`, `fi-FI.ts`,
 * `sv-FI.ts`, `da-DK.ts`), each an
 * `InvoiceWords` (`words.ts`), so a sentence missing from a locale does not compile.
 */
import { DA } from './invoice-explanation/da-DK.ts';
import { EN } from './invoice-explanation/en-GB.ts';
import { type InvoiceExplanationFacts, InvoiceExplanationFactsSchema } from './invoice-explanation/facts.ts';
import { FI } from './invoice-explanation/fi-FI.ts';
import { NB } from './invoice-explanation/nb-NO.ts';
import { localeTemplate } from './invoice-explanation/render.ts';
import { SV_FI } from './invoice-explanation/sv-FI.ts';
import { SV } from './invoice-explanation/sv-SE.ts';
import type { TemplateLocale } from './locale.ts';
import type { KindTemplate, LocaleTemplate } from './template.ts';

export {
  type InvoiceCause,
  InvoiceCauseSchema,
  type InvoiceExplanationFacts,
  InvoiceExplanationFactsSchema,
} from './invoice-explanation/facts.ts';

const TEXTS: Readonly<Record<TemplateLocale, LocaleTemplate<InvoiceExplanationFacts>>> = {
  'nb-NO': localeTemplate(NB),
  'sv-SE': localeTemplate(SV),
  'en-GB': localeTemplate(EN),
  'fi-FI': localeTemplate(FI),
  'sv-FI': localeTemplate(SV_FI),
  'da-DK': localeTemplate(DA),
};

/** The invoice explanation template. */
export const invoiceExplanation: KindTemplate<typeof InvoiceExplanationFactsSchema> = {
  kind: 'invoice-explanation',
  facts: InvoiceExplanationFactsSchema,
  texts: TEXTS,
};
