import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { LedgerEntry } from '#adapters/dynamo/messages.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type OfferAccepted, type OfferBenefit, OfferBenefitSchema } from '#domain/contracts/retention.ts';
import { endOfOfferDay, OFFER_PATH, parseOfferToken } from '#domain/links/offer-accept.ts';
import { Formatter } from '#templates/format.ts';
import { html, type SafeHtml } from '#templates/html.ts';
import { pickLocalized, resolveLocale, type TemplateLocale } from '#templates/locale.ts';
import { formFields } from './common/form-body.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, type PageLanguage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

/** What a retention offer message's facts say about the offer, read defensively (every field may be off). */
interface OfferView {
  offerId: string;
  productId: string | undefined;
  /** The offer's name in the customer's language (the offer id when it has none). */
  name: string;
  benefit: OfferBenefit | undefined;
  /** What the offer is worth to the customer a year, in `currency`. */
  annualValue: number | undefined;
  currency: string | undefined;
  validUntil: string | undefined;
  acceptedAt: string | undefined;
  /** false while an acceptance is recorded but `Offer Accepted` is not yet on the bus. */
  acceptancePublished: boolean;
}

/** The formatted numbers a benefit sentence quotes. */
interface BenefitNumbers {
  price: string;
  months: string;
  percent: string;
  amount: string;
}

interface PageText {
  title: string;
  intro: (name: string) => string;
  tariff: (n: BenefitNumbers, component: 'energy' | 'subscription', bound: boolean) => string;
  discount: (n: BenefitNumbers) => string;
  bonus: (n: BenefitNumbers) => string;
  worth: (value: string) => string;
  validUntil: (date: string) => string;
  accept: string;
  thanks: (name: string) => string;
  alreadyAccepted: (name: string, date: string) => string;
  invalid: string;
  notFound: string;
  expired: string;
}

const TEXT: Record<PageLanguage, PageText> = {
  nb: {
    title: 'Tilbudet ditt',
    intro: (name) => `Du har fått tilbudet ${name}.`,
    tariff: (n, component, bound) =>
      `Ny pris: ${n.price} ${component === 'energy' ? 'per kWh' : 'per måned'}${bound ? `, fast i ${n.months}` : ', uten binding'}.`,
    discount: (n) => `${n.percent} rabatt på fakturaene dine i ${n.months}.`,
    bonus: (n) => `${n.amount} godskrevet deg én gang.`,
    worth: (value) =>
      `For deg er det verdt omtrent ${value} i året, regnet ut fra forbruket og prisene dine.`,
    validUntil: (date) => `Du kan takke ja til og med ${date}.`,
    accept: 'Ja takk, jeg vil ha tilbudet',
    thanks: (name) =>
      `Takk! Vi har registrert at du takker ja til ${name}. Du hører fra oss når endringen er gjort.`,
    alreadyAccepted: (name, date) =>
      `Du takket ja til ${name} ${date}. Det er registrert, og du trenger ikke gjøre noe mer.`,
    invalid: 'Lenken er ikke gyldig. Bruk lenken i meldingen du fikk fra oss.',
    notFound: 'Vi finner ikke tilbudet denne lenken gjelder. Ta gjerne kontakt med kundeservice.',
    expired: 'Dette tilbudet har gått ut, så vi kan ikke registrere et ja lenger.',
  },
  sv: {
    title: 'Ditt erbjudande',
    intro: (name) => `Du har fått erbjudandet ${name}.`,
    tariff: (n, component, bound) =>
      `Nytt pris: ${n.price} ${component === 'energy' ? 'per kWh' : 'per månad'}${bound ? `, fast i ${n.months}` : ', utan bindningstid'}.`,
    discount: (n) => `${n.percent} rabatt på dina fakturor i ${n.months}.`,
    bonus: (n) => `${n.amount} som vi krediterar dig en gång.`,
    worth: (value) =>
      `För dig är det värt ungefär ${value} om året, räknat på din förbrukning och dina priser.`,
    validUntil: (date) => `Du kan tacka ja till och med ${date}.`,
    accept: 'Ja tack, jag vill ha erbjudandet',
    thanks: (name) =>
      `Tack! Vi har registrerat att du tackar ja till ${name}. Du hör av oss när ändringen är gjord.`,
    alreadyAccepted: (name, date) =>
      `Du tackade ja till ${name} ${date}. Det är registrerat, och du behöver inte göra något mer.`,
    invalid: 'Länken är inte giltig. Använd länken i meddelandet du fick från oss.',
    notFound: 'Vi hittar inte erbjudandet som länken gäller. Kontakta gärna kundtjänst.',
    expired: 'Erbjudandet har gått ut, så vi kan inte registrera ett ja längre.',
  },
  en: {
    title: 'Your offer',
    intro: (name) => `We have offered you ${name}.`,
    tariff: (n, component, bound) =>
      `New price: ${n.price} ${component === 'energy' ? 'per kWh' : 'a month'}${bound ? `, fixed for ${n.months}` : ', with no binding period'}.`,
    discount: (n) => `${n.percent} off your invoices for ${n.months}.`,
    bonus: (n) => `${n.amount} credited to you once.`,
    worth: (value) => `For you it is worth about ${value} a year, worked out from your usage and prices.`,
    validUntil: (date) => `You can accept until the end of ${date}.`,
    accept: 'Yes please, I accept the offer',
    thanks: (name) =>
      `Thank you! We have noted that you accept ${name}. We will be in touch when the change is made.`,
    alreadyAccepted: (name, date) =>
      `You accepted ${name} on ${date}. It is noted, and there is nothing more you need to do.`,
    invalid: 'This link is not valid. Please use the link in the message we sent you.',
    notFound: 'We cannot find the offer this link is for. Please contact customer service.',
    expired: 'This offer has expired, so we can no longer take your acceptance.',
  },
  fi: {
    title: 'Tarjouksesi',
    intro: (name) => `Olemme tarjonneet sinulle: ${name}.`,
    tariff: (n, component, bound) =>
      `Uusi hinta: ${n.price} ${component === 'energy' ? '/kWh' : '/kk'}${bound ? `, kiinteä ${n.months}` : ', ei määräaikaa'}.`,
    discount: (n) => `${n.percent} alennus laskuistasi ${n.months} ajan.`,
    bonus: (n) => `${n.amount} hyvitetään sinulle kerran.`,
    worth: (value) =>
      `Sinulle se on arviolta ${value} arvoinen vuodessa, laskettuna kulutuksesi ja hintojesi mukaan.`,
    validUntil: (date) => `Voit hyväksyä tarjouksen ${date} asti.`,
    accept: 'Kyllä kiitos, hyväksyn tarjouksen',
    thanks: (name) =>
      `Kiitos! Olemme kirjanneet, että hyväksyt tarjouksen: ${name}. Kuulet meistä, kun muutos on tehty.`,
    alreadyAccepted: (name, date) =>
      `Hyväksyit tarjouksen ${name} ${date}. Se on kirjattu, eikä sinun tarvitse tehdä muuta.`,
    invalid: 'Linkki ei ole voimassa. Käytä meiltä saamassasi viestissä olevaa linkkiä.',
    notFound: 'Emme löydä tarjousta, jota linkki koskee. Ota yhteyttä asiakaspalveluun.',
    expired: 'Tarjous on päättynyt, joten emme voi enää ottaa hyväksyntää vastaan.',
  },
  da: {
    title: 'Dit tilbud',
    intro: (name) => `Du har fået tilbuddet ${name}.`,
    tariff: (n, component, bound) =>
      `Ny pris: ${n.price} ${component === 'energy' ? 'pr. kWh' : 'pr. måned'}${bound ? `, fast i ${n.months}` : ', uden binding'}.`,
    discount: (n) => `${n.percent} rabat på dine regninger i ${n.months}.`,
    bonus: (n) => `${n.amount}, som vi krediterer dig én gang.`,
    worth: (value) =>
      `For dig er det værd omkring ${value} om året, regnet ud fra dit forbrug og dine priser.`,
    validUntil: (date) => `Du kan sige ja til og med ${date}.`,
    accept: 'Ja tak, jeg vil gerne have tilbuddet',
    thanks: (name) =>
      `Tak! Vi har registreret, at du siger ja til ${name}. Du hører fra os, når ændringen er lavet.`,
    alreadyAccepted: (name, date) =>
      `Du sagde ja til ${name} den ${date}. Det er registreret, og du behøver ikke gøre mere.`,
    invalid: 'Linket er ikke gyldigt. Brug linket i den besked, du fik fra os.',
    notFound: 'Vi kan ikke finde det tilbud, linket gælder. Kontakt gerne kundeservice.',
    expired: 'Tilbuddet er udløbet, så vi kan ikke længere registrere et ja.',
  },
};

/** The time zone an acceptance date is written in: the market of the locale's (UTC for English). */
const TIME_ZONE: Readonly<Record<TemplateLocale, string>> = {
  'nb-NO': 'Europe/Oslo',
  'sv-SE': 'Europe/Stockholm',
  'fi-FI': 'Europe/Helsinki',
  'sv-FI': 'Europe/Helsinki',
  'da-DK': 'Europe/Copenhagen',
  'en-GB': 'UTC',
};

const CURRENCIES: readonly string[] = ['NOK', 'SEK', 'EUR', 'DKK'];

/** What the handler is given: its settings, clock, logger and clients. */
export type AcceptOfferDeps = DepsWith<'ddb' | 'secrets' | 'eventBridge'>;

/**
 * The detail of `Offer Accepted` (docs/contracts.md, "Retention"). `productId` is absent only when the
 * offer's facts name no product (a retention offer some other system requested without one).
 */
export type OfferAcceptedDetail = Omit<OfferAccepted, 'productId'> &
  Partial<Pick<OfferAccepted, 'productId'>>;

/**
 * The retention offer acceptance endpoint, safe from link prefetching. `GET /offer?token=…` — the link
 * in the message, which mail scanners follow too — changes nothing: it shows the offer in the customer's
 * numbers (its name, what it gives, what it is worth a year, until when it can be accepted) with one
 * button in a form that posts the token. `POST /offer` (the token in the form body) accepts: it
 * verifies the signed token (HMAC in constant time, expiry), reads the message it names (it must be a
 * sent `retention-offer`), records the first acceptance with a conditional write, publishes
 * `Offer Accepted` and marks the acceptance published. An acceptance recorded but not yet published (the
 * bus failed) is published by the next POST; a published one never again. Small pages in the message's
 * language; 400 for a forged or broken link, 404 when it names no sent retention offer, 410 for an
 * expired offer.
 */
export function createHandler(
  deps: AcceptOfferDeps,
  overrides: { repositories?: Repositories; events?: EventPublisher; secrets?: SecretProvider } = {},
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const repositories = overrides.repositories ?? repositoriesFrom(deps);
  const events = overrides.events ?? createEventPublisher(deps.eventBridge, () => deps.eventBusName);
  const secrets = overrides.secrets ?? createSecretProvider(deps.secrets, deps.clock);
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const posted = event.requestContext?.http?.method?.toUpperCase() === 'POST';
    // A POST takes the token from its body only (at most 8 KB read); a link carries it in its query.
    const fields = posted ? formFields(event) : new Map(Object.entries(event.queryStringParameters ?? {}));
    const token = fields.get('token') ?? '';
    const now = deps.clock.now();
    const verified = parseOfferToken(token, await secrets.get(deps.linkSecretArn), now);
    if (!verified.ok) {
      const language = pageLanguageOf(undefined, event.headers?.['accept-language']);
      deps.logger.info('Offer token refused', { reason: verified.reason });
      const text = TEXT[language];
      return page(verified.reason === 'expired' ? 410 : 400, language, text.title, [
        verified.reason === 'expired' ? text.expired : text.invalid,
      ]);
    }
    const { dedupeKey, locale } = verified.claims;
    const language = pageLanguageOf(locale, event.headers?.['accept-language']);
    const templateLocale = resolveLocale(locale);
    const text = TEXT[language];
    const message = await repositories.messages.get(dedupeKey);
    let offer = message && offerOf(message, templateLocale);
    if (!message || !offer) {
      deps.logger.info('Offer link names no sent retention offer', {
        dedupeKey,
        kind: message?.kind ?? 'unknown',
        status: message?.status ?? 'unknown',
      });
      return page(404, language, text.title, [text.notFound]);
    }
    if (offer.acceptedAt !== undefined && offer.acceptancePublished) {
      return alreadyAccepted(text, language, templateLocale, offer, offer.acceptedAt);
    }
    const lastSecond = endOfOfferDay(offer.validUntil);
    if (offer.acceptedAt === undefined && lastSecond !== undefined && now.getTime() >= lastSecond * 1000) {
      return page(410, language, text.title, [text.expired]);
    }
    if (!posted) {
      // An acceptance recorded but not yet published (the customer saw an error) shows the offer and its
      // button again: pressing it publishes the acceptance already recorded, with its own time.
      if (offer.acceptedAt !== undefined)
        deps.logger.warn('Offer acceptance not yet published', { dedupeKey });
      return page(
        200,
        language,
        text.title,
        offerParagraphs(text, templateLocale, offer),
        acceptForm(text, token),
      );
    }

    if (offer.acceptedAt === undefined) {
      const recorded = await repositories.messages.recordAcceptance(dedupeKey, now);
      if (!recorded.applied) {
        // Another POST got there first (or the message changed): go by what the ledger holds now.
        const current = await repositories.messages.get(dedupeKey);
        offer = current && offerOf(current, templateLocale);
        if (!offer || offer.acceptedAt === undefined) {
          return page(404, language, text.title, [text.notFound]);
        }
        if (offer.acceptancePublished) {
          return alreadyAccepted(text, language, templateLocale, offer, offer.acceptedAt);
        }
      } else {
        offer = { ...offer, acceptedAt: now.toISOString(), acceptancePublished: false };
      }
    }
    const acceptedAt = offer.acceptedAt ?? now.toISOString();
    const detail: OfferAcceptedDetail = {
      offerId: offer.offerId,
      customerId: message.customerId,
      ...(offer.productId !== undefined ? { productId: offer.productId } : {}),
      messageId: message.messageId,
      acceptedAt,
    };
    // Published before it is marked: if the bus fails, the next POST publishes again (consumers dedupe
    // by messageId); once marked, never again.
    await events.publish(DETAIL_TYPE.offerAccepted, { ...detail });
    await repositories.messages.markAcceptancePublished(dedupeKey);
    deps.logger.info('Offer accepted', { dedupeKey, offerId: offer.offerId, messageId: message.messageId });
    return page(200, language, text.title, [text.thanks(offer.name)]);
  });
}

/** The offer of a sent retention offer message, or undefined for any other message. */
function offerOf(message: LedgerEntry, locale: TemplateLocale): OfferView | undefined {
  if (message.kind !== 'retention-offer' || message.status !== 'sent') return undefined;
  const facts = (message.facts ?? {}) as Record<string, unknown>;
  const offerId = nonEmpty(facts.offerId);
  if (offerId === undefined) return undefined;
  const offer = isRecord(facts.offer) ? facts.offer : {};
  const name =
    typeof offer.name === 'string'
      ? offer.name
      : isRecord(offer.name)
        ? pickLocalized(stringsOf(offer.name), locale)
        : undefined;
  const currency =
    typeof facts.currency === 'string' && CURRENCIES.includes(facts.currency) ? facts.currency : undefined;
  return {
    offerId,
    productId: nonEmpty(facts.productId),
    name: name !== undefined && name.length > 0 ? name : offerId,
    benefit: benefitOf(offer.benefit),
    annualValue: finite(facts.annualValue),
    currency,
    validUntil: typeof offer.validUntil === 'string' ? offer.validUntil : undefined,
    acceptedAt: nonEmpty(facts.acceptedAt),
    // An acceptance recorded before the flag existed counts as published.
    acceptancePublished: facts.acceptancePublished !== false,
  };
}

/** The offer's benefit, when the facts carry one the catalog's contract accepts. */
function benefitOf(value: unknown): OfferBenefit | undefined {
  const parsed = OfferBenefitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The confirmation page's sentences: the offer, what it gives, what it is worth, until when. */
function offerParagraphs(text: PageText, locale: TemplateLocale, offer: OfferView): string[] {
  const fmt = offer.currency === undefined ? undefined : new Formatter(locale, offer.currency, 'UTC');
  const date = new Formatter(locale, offer.currency ?? 'EUR', 'UTC');
  const paragraphs = [text.intro(offer.name)];
  const benefit = offer.benefit;
  if (benefit !== undefined && fmt !== undefined) {
    const numbers: BenefitNumbers = {
      price: benefit.type === 'tariff' ? fmt.price(benefit.price) : '',
      months:
        benefit.type === 'tariff'
          ? fmt.months(benefit.bindingMonths)
          : benefit.type === 'discount'
            ? fmt.months(benefit.months)
            : '',
      percent: benefit.type === 'discount' ? fmt.percent(benefit.percent) : '',
      amount: benefit.type === 'bonus' ? fmt.money(benefit.amount) : '',
    };
    if (benefit.type === 'tariff') {
      paragraphs.push(text.tariff(numbers, benefit.component, benefit.bindingMonths > 0));
    } else if (benefit.type === 'discount') paragraphs.push(text.discount(numbers));
    else paragraphs.push(text.bonus(numbers));
  }
  if (offer.annualValue !== undefined && offer.annualValue > 0 && fmt !== undefined) {
    paragraphs.push(text.worth(fmt.money(offer.annualValue)));
  }
  if (endOfOfferDay(offer.validUntil) !== undefined && offer.validUntil !== undefined) {
    paragraphs.push(text.validUntil(date.date(offer.validUntil)));
  }
  return paragraphs;
}

function alreadyAccepted(
  text: PageText,
  language: PageLanguage,
  locale: TemplateLocale,
  offer: OfferView,
  acceptedAt: string,
): APIGatewayProxyStructuredResultV2 {
  const at = new Date(acceptedAt);
  const date = Number.isNaN(at.getTime())
    ? acceptedAt
    : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: TIME_ZONE[locale] }).format(at);
  return page(200, language, text.title, [text.alreadyAccepted(offer.name, date)]);
}

/** The one button, in a form that posts the (already verified) token; nothing else is sent. */
function acceptForm(text: PageText, token: string): SafeHtml {
  return html`<form method="post" action="${OFFER_PATH}">
<input type="hidden" name="token" value="${token}">
<p><button type="submit" class="send">${text.accept}</button></p>
</form>`;
}

const FORM_CSS =
  '.send{font-size:1.25rem;font-weight:600;padding:.8rem 1.6rem;border:0;border-radius:.4rem;background:#1d4f91;color:#fff;cursor:pointer}';

/** A page of paragraphs, and the form when there is one. */
function page(
  statusCode: number,
  language: PageLanguage,
  title: string,
  paragraphs: readonly string[],
  extra?: SafeHtml,
): APIGatewayProxyStructuredResultV2 {
  return linkPage(
    statusCode,
    language,
    title,
    html`${paragraphs.map((p) => html`<p>${p}</p>`)}${extra ?? ''}`,
    { css: FORM_CSS, csp: "; form-action 'self'" },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = {
  ddb: dynamoDocumentClient,
  secrets: secretsManagerClient,
  eventBridge: eventBridgeClient,
};

export const handler = lambdaEntry(createHandler, clients);
