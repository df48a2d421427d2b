/**
 * `retention-offer` (marketing): a relevant offer to a customer at risk of leaving. Why we write (each
 * signal in the customer's own facts, only for reasons we can name honestly), what the offer gives and on
 * what, what it is worth to them a year in their numbers (never a saving when it is worth nothing), until
 * when, one button to a confirmation page, and that nothing changes if they do nothing.
 *
 * The parts live in `retention-offer/`: the facts schema (`facts.ts`), what is said and in which order
 * (`render.ts`), and the words of each locale (`nb-NO.ts`, `sv-SE.ts`, `sv-FI.ts`, `fi-FI.ts`, `da-DK.ts`, `en-GB.ts`), each an
 * `OfferWords` (`words.ts`), so a sentence missing from a locale does not compile.
 */
import { DA } from './retention-offer/da-DK.ts';
import { EN } from './retention-offer/en-GB.ts';
import { RetentionOfferFactsSchema } from './retention-offer/facts.ts';
import { FI } from './retention-offer/fi-FI.ts';
import { NB } from './retention-offer/nb-NO.ts';
import { localeTemplate } from './retention-offer/render.ts';
import { SV_FI } from './retention-offer/sv-FI.ts';
import { SV } from './retention-offer/sv-SE.ts';
import type { KindTemplate } from './template.ts';

export {
  type RetentionBenefit,
  RetentionBenefitSchema,
  RetentionOfferDetailsSchema,
  type RetentionOfferFacts,
  RetentionOfferFactsSchema,
  RetentionReasonFactSchema,
  type RetentionSignalFact,
  RetentionSignalSchema,
  RetentionValueSchema,
} from './retention-offer/facts.ts';

/** The retention offer template. */
export const retentionOffer: KindTemplate<typeof RetentionOfferFactsSchema> = {
  kind: 'retention-offer',
  facts: RetentionOfferFactsSchema,
  texts: {
    'nb-NO': localeTemplate(NB),
    'sv-SE': localeTemplate(SV),
    'en-GB': localeTemplate(EN),
    'fi-FI': localeTemplate(FI),
    'sv-FI': localeTemplate(SV_FI),
    'da-DK': localeTemplate(DA),
  },
};
