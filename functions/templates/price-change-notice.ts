/**
 * `price-change-notice`: a price changes. From when, from what to what, why, what it means for this
 * customer a month and a year (in their consumption), their right to cancel, and the alternatives that
 * would cost them less, all in the numbers of the facts.
 *
 * The parts live in `price-change-notice/`: the facts schema (`facts.ts`), what is said and in which
 * order (`render.ts`), and the words of each locale (`nb-NO.ts`, `sv-SE.ts`, `en-GB.ts`, `fi-FI.ts`,
 * `sv-FI.ts`, `da-DK.ts`), each a
 * `PriceWords` (`words.ts`), so a sentence missing from a locale does not compile.
 */
import { DA } from './price-change-notice/da-DK.ts';
import { EN } from './price-change-notice/en-GB.ts';
import { PriceChangeNoticeFactsSchema } from './price-change-notice/facts.ts';
import { FI } from './price-change-notice/fi-FI.ts';
import { NB } from './price-change-notice/nb-NO.ts';
import { localeTemplate } from './price-change-notice/render.ts';
import { SV_FI } from './price-change-notice/sv-FI.ts';
import { SV } from './price-change-notice/sv-SE.ts';
import type { KindTemplate } from './template.ts';

export {
  PriceAlternativeFactSchema,
  type PriceChangeNoticeFacts,
  PriceChangeNoticeFactsSchema,
  PriceChangeReasonFactSchema,
} from './price-change-notice/facts.ts';

/** The price-change notice template. */
export const priceChangeNotice: KindTemplate<typeof PriceChangeNoticeFactsSchema> = {
  kind: 'price-change-notice',
  facts: PriceChangeNoticeFactsSchema,
  texts: {
    'nb-NO': localeTemplate(NB),
    'sv-SE': localeTemplate(SV),
    'en-GB': localeTemplate(EN),
    'fi-FI': localeTemplate(FI),
    'sv-FI': localeTemplate(SV_FI),
    'da-DK': localeTemplate(DA),
  },
};
