/**
 * Renders a message of any kind for a customer in their locale: email subject, HTML and plain text, or
 * an SMS text with its segment count. Templates only format facts the domain computed; every amount,
 * date and number a customer reads comes from `facts`.
 */
import * as z from 'zod/mini';
import { currencyOfMarket } from '#domain/config/market-table.ts';
import { DEFAULT_SENDER_PROFILES, type SenderProfile } from '#domain/config/sender-profile.ts';
import {
  type Currency,
  currency,
  hasUnsafeCharacter,
  isTimeZone,
  plainText,
  renderPath,
  safeParseContract,
} from '#domain/contracts/index.ts';
import type { FieldError } from '#domain/errors.ts';
import { countSegments, type SmsEncoding } from '#domain/messaging/sms-segments.ts';
import { type MessageKind, PURPOSE_OF_KIND } from '#domain/messaging/types.ts';
import { campaignMessage } from './campaign-message.ts';
import { TemplateError } from './errors.ts';
import { parseFacts } from './facts.ts';
import { Formatter } from './format.ts';
import { invoiceExplanation } from './invoice-explanation.ts';
import { CHROME, renderEmailHtml, renderEmailText } from './layout.ts';
import { resolveLocale, type TemplateLocale } from './locale.ts';
import { priceChangeNotice } from './price-change-notice.ts';
import { retentionOffer } from './retention-offer.ts';
import { senderSmsParts } from './sender-footer.ts';
import { fitSms, MAX_SMS_NAME_CHARS, optional, type SmsPart } from './sms.ts';
import { supportDelayNotice } from './support-delay-notice.ts';
import { surveyRequest } from './survey-request.ts';
import type { KindTemplate, RenderCustomer, RenderLinks, TemplateContext } from './template.ts';

export { TemplateError } from './errors.ts';
export { resolveLocale, TEMPLATE_LOCALES, type TemplateLocale } from './locale.ts';
export {
  openingHoursText,
  type SenderFooterLine,
  senderFooterLines,
  senderFooterLineText,
  senderSignOff,
  senderSmsParts,
} from './sender-footer.ts';
export {
  type MarketingBasis,
  marketingBasisOf,
  type RenderCustomer,
  type RenderLinks,
} from './template.ts';

/** Most segments an SMS may take: more costs more than the message is worth. */
export const MAX_SMS_SEGMENTS = 3;

/** What to render. */
export interface RenderInput {
  kind: MessageKind;
  /**
   * Any BCP 47 tag; nb-NO, sv-SE, sv-FI, fi-FI, da-DK and en-GB have templates (`nb`/`no`/`nn` → nb-NO,
   * `sv` → sv-SE, `sv-FI`/`sv-AX` or a bare `sv` in the FI market → sv-FI, `fi` → fi-FI, `da` → da-DK),
   * others get en-GB.
   */
  locale: string;
  channel: 'email' | 'sms';
  customer: RenderCustomer;
  /** The numbers and causes the message explains (docs/contracts.md, facts by kind). */
  facts: Record<string, unknown>;
  links: RenderLinks;
  /** The currency of the amounts when the facts carry none; otherwise the market's currency is used. */
  currency?: string;
  /**
   * Who the message is from and how to reach us (the market's `sender` in MARKETS_CONFIG, as
   * `settingsForMarket` gives it); the placeholder profile of the customer's market when left out.
   */
  sender?: SenderProfile;
  /** The market sends SMS from a two-way number, so a reply (STOP) reaches stille. @default false */
  twoWaySms?: boolean;
}

/** A rendered message, ready for the send gate and the ledger. */
export interface RenderedMessage {
  locale: TemplateLocale;
  /** The email subject; for an SMS, the subject the ledger records. */
  subject: string;
  /** The plain-text email part, or the SMS text. */
  text: string;
  /** The HTML email part; null for an SMS. */
  html: string | null;
  sms: { text: string; encoding: SmsEncoding; segments: number } | null;
}

const MAX_URL_CHARS = 2048;

function isHttpUrl(text: string): boolean {
  if (/\s/.test(text) || hasUnsafeCharacter(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const url = z
  .string()
  .check(z.maxLength(MAX_URL_CHARS), z.refine(isHttpUrl, { error: 'must be an absolute http(s) URL' }));

const LinksSchema = z.object({
  unsubscribe: z.optional(url),
  answers: z.optional(
    z
      .record(z.string().check(z.minLength(1), z.maxLength(16)), url)
      .check(
        z.refine((answers) => Object.keys(answers).length <= 20, { error: 'must have at most 20 links' }),
      ),
  ),
  offer: z.optional(url),
  action: z.optional(url),
});

/** Parts common to every kind, prepared once before the kind's template runs. */
interface Prepared {
  input: RenderInput;
  locale: TemplateLocale;
  links: RenderLinks;
  sender: SenderProfile;
}

/**
 * Renders one message.
 * @throws TemplateError when facts, links or customer data are missing or invalid for the kind (naming
 * each), or when the SMS would take more than {@link MAX_SMS_SEGMENTS} segments.
 */
export function renderMessage(input: RenderInput): RenderedMessage {
  const render = RENDERERS[input.kind] as ((prepared: Prepared) => RenderedMessage) | undefined;
  if (render === undefined) {
    throw new TemplateError(input.kind, [
      { path: 'kind', message: `is not a kind of message stille renders` },
    ]);
  }
  const links = safeParseContract(LinksSchema, input.links ?? {});
  if (!links.success) {
    throw new TemplateError(input.kind, fieldErrors('links', links.error.issues), { cause: links.error });
  }
  if (!isTimeZone(input.customer.timeZone)) {
    throw new TemplateError(input.kind, [
      { path: 'customer.timeZone', message: `must be an IANA time zone, got "${input.customer.timeZone}"` },
    ]);
  }
  const sender = input.sender ?? DEFAULT_SENDER_PROFILES[input.customer.market];
  return render({
    input,
    locale: resolveLocale(input.locale, input.customer.market),
    links: links.data,
    sender,
  });
}

const RENDERERS: Readonly<Record<MessageKind, (prepared: Prepared) => RenderedMessage>> = {
  'invoice-explanation': (prepared) => renderWith(invoiceExplanation, prepared),
  'price-change-notice': (prepared) => renderWith(priceChangeNotice, prepared),
  'support-delay-notice': (prepared) => renderWith(supportDelayNotice, prepared),
  'survey-request': (prepared) => renderWith(surveyRequest, prepared),
  'retention-offer': (prepared) => renderWith(retentionOffer, prepared),
  // Written in the campaign's words: the greeting, sign-off and footer follow the content's locale.
  'campaign-message': (prepared) =>
    renderWith(campaignMessage, { ...prepared, locale: contentLocaleOf(prepared) }),
};

/** The locale a campaign message's content is written in, as a template locale. */
function contentLocaleOf(prepared: Prepared): TemplateLocale {
  const written = prepared.input.facts.contentLocale;
  return typeof written === 'string' && written.length <= 35
    ? resolveLocale(written, prepared.input.customer.market)
    : prepared.locale;
}

function renderWith<Schema extends z.ZodMiniType<{ currency?: Currency | undefined }>>(
  template: KindTemplate<Schema>,
  { input, locale, links, sender }: Prepared,
): RenderedMessage {
  const facts = parseFacts(template.kind, template.facts, input.facts);
  const fmt = new Formatter(locale, currencyOf(input, facts.currency), input.customer.timeZone);
  const name = greetingName(input.customer);
  const ctx: TemplateContext<z.output<Schema>> = {
    kind: template.kind,
    locale,
    facts,
    fmt,
    customer: input.customer,
    name,
    smsName: name !== null && name.length <= MAX_SMS_NAME_CHARS ? name : null,
    links,
    sender,
    twoWaySms: input.twoWaySms ?? false,
  };
  const texts = template.texts[locale];
  const subject = oneLine(texts.subject(ctx));
  const purpose = PURPOSE_OF_KIND[template.kind];
  const marketingBasis = purpose === 'marketing' ? input.customer.marketingBasis : undefined;
  if (input.channel === 'sms') {
    // On the existing-customer basis, why they get it, if there is room (the opt-out is already there).
    const basis = marketingBasis === 'existing-customer' && optional(CHROME[locale].existingCustomerSms);
    const write = (smsCtx: typeof ctx): SmsPart[] => [
      ...texts.sms(smsCtx),
      basis,
      ...senderSmsParts(sender, locale),
    ];
    return { locale, subject, ...renderSms(ctx, write) };
  }
  const content = { subject, blocks: texts.body(ctx) };
  const layout = {
    locale,
    purpose,
    name,
    unsubscribe: links.unsubscribe,
    sender,
    ...(marketingBasis === undefined ? {} : { marketingBasis }),
  };
  return {
    locale,
    subject,
    text: renderEmailText(content, layout),
    html: renderEmailHtml(content, layout),
    sms: null,
  };
}

/**
 * The SMS text: every sentence if they fit in {@link MAX_SMS_SEGMENTS} segments, otherwise without the
 * optional ones, and as a last resort without the name in the greeting (a name outside the GSM-7
 * alphabet makes the whole SMS UCS-2, which holds less than half as much).
 */
function renderSms<Facts>(
  ctx: TemplateContext<Facts>,
  write: (ctx: TemplateContext<Facts>) => SmsPart[],
): Pick<RenderedMessage, 'text' | 'html' | 'sms'> {
  const fits = (text: string): boolean => countSegments(text).segments <= MAX_SMS_SEGMENTS;
  const names = ctx.smsName === null ? [null] : [ctx.smsName, null];
  for (const smsName of names) {
    const text = fitSms(write({ ...ctx, smsName }), fits);
    if (text === null) continue;
    const count = countSegments(text);
    return { text, html: null, sms: { text, encoding: count.encoding, segments: count.segments } };
  }
  const required = fitSms(
    write({ ...ctx, smsName: null }).filter((part) => typeof part === 'string'),
    () => true,
  );
  const count = countSegments(required ?? '');
  throw new TemplateError(ctx.kind, [
    {
      path: 'sms',
      message: `needs ${count.segments} segments (${count.encoding}, ${count.units} units) even without its optional sentences, at most ${MAX_SMS_SEGMENTS} are allowed`,
    },
  ]);
}

/** The facts' currency, else the input's, else the market's. */
function currencyOf(input: RenderInput, factsCurrency: Currency | undefined): Currency {
  if (factsCurrency !== undefined) return factsCurrency;
  if (input.currency !== undefined) {
    const parsed = safeParseContract(currency, input.currency);
    if (!parsed.success) {
      throw new TemplateError(input.kind, fieldErrors('currency', parsed.error.issues), {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
  return currencyOfMarket(input.customer.market);
}

/** A household customer is greeted by first name, a business by its name; null when there is none. */
function greetingName(customer: RenderCustomer): string | null {
  // Nothing that reorders or breaks the line reaches the greeting.
  const name = plainText(customer.name);
  if (name === '') return null;
  if (customer.segment === 'business') return name;
  return name.split(/\s+/u)[0] ?? null;
}

/** A subject is one line: control characters (a newline in an offer name) become spaces. */
function oneLine(text: string): string {
  return plainText(text);
}

function fieldErrors(root: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.slice(0, 50).map((issue) => ({
    path: issue.path.length === 0 ? root : `${root}.${renderPath(issue.path)}`,
    message: issue.message,
  }));
}
