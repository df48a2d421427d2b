/**
 * `campaign-message`: marketing's own words (docs/campaigns.md). The campaign gives a subject, a
 * heading, paragraphs, an optional call to action and an optional SMS per locale; the run puts the
 * customer's locale's content (or the fallback locale's) into the facts, so the message renders from
 * its facts like every other kind. The customer's first name (`{firstName}`) is the only placeholder;
 * every text is escaped by the layout. Marketing purpose: the layout adds one-click unsubscribe, and
 * the SMS ends with how to stop (in a way the customer can follow) and who it is from.
 */
import * as z from 'zod/mini';
import {
  CampaignContentSchema,
  FIRST_NAME_PLACEHOLDER,
  id,
  instant,
  locale,
} from '#domain/contracts/index.ts';
import type { Block } from './content.ts';
import { para } from './content.ts';
import { withCurrency } from './facts.ts';
import type { TemplateLocale } from './locale.ts';
import { type SmsPart, smsOptOut } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

/** The facts of a campaign message (docs/contracts.md, facts by kind: `campaignId, runAt`, and the content). */
export const CampaignMessageFactsSchema = z.object({
  ...withCurrency,
  campaignId: id,
  /** The run's scheduled instant, or its date for a local-time schedule. */
  runAt: z.union([instant, z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))]),
  /** The locale the content is written in (the customer's, or the campaign's fallback). */
  contentLocale: locale,
  content: CampaignContentSchema,
});
/** The facts of a campaign message. */
export type CampaignMessageFacts = z.output<typeof CampaignMessageFactsSchema>;

type Ctx = TemplateContext<CampaignMessageFacts>;

/** `{firstName}` filled in (or left out, with the space before it, when there is no name). */
export function personalise(text: string, name: string | null): string {
  if (name !== null) return text.replaceAll(FIRST_NAME_PLACEHOLDER, name);
  return text
    .replaceAll(` ${FIRST_NAME_PLACEHOLDER}`, '')
    .replaceAll(FIRST_NAME_PLACEHOLDER, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * How a marketing SMS tells the customer to stop, per locale of the layout: "reply STOP" only from a
 * two-way number, else the signed opt-out link (`smsOptOut`). Who sent it and how to reach us follow
 * it (the sender footer every SMS ends with), as the e-mail's layout adds the sender's footer.
 */
const SMS_WORDS: Readonly<Record<TemplateLocale, { stop: string; optOut(url: string): string }>> = {
  'nb-NO': { stop: 'Svar STOP for å melde deg av.', optOut: (url) => `Vil du ikke ha slike SMS? ${url}` },
  'sv-SE': {
    stop: 'Svara STOP för att avregistrera dig.',
    optOut: (url) => `Vill du inte få sådana sms? ${url}`,
  },
  'en-GB': { stop: 'Reply STOP to opt out.', optOut: (url) => `No more texts like this: ${url}` },
  'fi-FI': {
    stop: 'Vastaa STOP, niin emme lähetä näitä viestejä enää.',
    optOut: (url) => `Etkö halua tällaisia tekstiviestejä? ${url}`,
  },
  'sv-FI': {
    stop: 'Svara STOP om du inte vill få fler sådana sms.',
    optOut: (url) => `Vill du inte få sådana sms? ${url}`,
  },
  'da-DK': {
    stop: 'Svar STOP for at afmelde dig.',
    optOut: (url) => `Vil du ikke have flere sms'er som denne? ${url}`,
  },
};

function body(ctx: Ctx): Block[] {
  const { content } = ctx.facts;
  const blocks: Block[] = [{ type: 'heading', text: personalise(content.heading, ctx.name) }];
  for (const paragraph of content.paragraphs) blocks.push(para(personalise(paragraph, ctx.name)));
  if (content.action) {
    // The signed click redirect when the send gate made one, else the campaign's own https link.
    blocks.push({
      type: 'button',
      text: personalise(content.action.text, ctx.name),
      href: ctx.links.action ?? content.action.url,
    });
  }
  return blocks;
}

/** A heading ended as a sentence (a full stop unless it already ends with one, ! ? or :). */
function asSentence(text: string): string {
  return /[.!?:…]$/.test(text) ? text : `${text}.`;
}

function sms(ctx: Ctx): SmsPart[] {
  const { content } = ctx.facts;
  const link = content.action ? (ctx.links.action ?? content.action.url) : null;
  const stop = smsOptOut(ctx, SMS_WORDS[ctx.locale]);
  if (content.sms !== undefined) return [personalise(content.sms, ctx.smsName), stop];
  // The heading stands as a sentence of its own before the link and the opt-out line.
  return [asSentence(personalise(content.heading, ctx.smsName)), link, stop];
}

const TEXTS: LocaleTemplate<CampaignMessageFacts> = {
  subject: (ctx) => personalise(ctx.facts.content.subject, ctx.name),
  body,
  sms,
};

/** The campaign message template: the same for every locale, the words are the campaign's. */
export const campaignMessage: KindTemplate<typeof CampaignMessageFactsSchema> = {
  kind: 'campaign-message',
  facts: CampaignMessageFactsSchema,
  texts: {
    'nb-NO': TEXTS,
    'sv-SE': TEXTS,
    'en-GB': TEXTS,
    'fi-FI': TEXTS,
    'sv-FI': TEXTS,
    'da-DK': TEXTS,
  },
};
