import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { ONE_CLICK, parseUnsubscribeToken, type UnsubscribeClaims } from '#domain/links/unsubscribe.ts';
import { html, type SafeHtml } from '#templates/html.ts';
import { formFields } from './common/form-body.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, type PageLanguage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

const TEXT: Record<
  PageLanguage,
  {
    title: string;
    confirm: (what: string) => string;
    button: string;
    done: (what: string) => string;
    notConfirmed: string;
    invalid: string;
    expired: string;
    what: (claims: UnsubscribeClaims) => string;
  }
> = {
  nb: {
    title: 'Avmelding',
    confirm: (what) => `Vil du slutte å få ${what}?`,
    button: 'Ja, meld meg av',
    done: (what) => `Du får ikke lenger ${what}. Viktige varsler om avtalen din får du fortsatt.`,
    notConfirmed:
      'Ingenting er endret: forespørselen bekreftet ikke avmeldingen. Trykk på knappen for å melde deg av.',
    invalid: 'Lenken er ikke gyldig. Bruk lenken i den siste meldingen du fikk, eller kontakt kundeservice.',
    expired: 'Lenken er utløpt. Bruk lenken i en nyere melding, eller kontakt kundeservice.',
    what: (c) =>
      `${c.purpose === 'surveys' ? 'spørreundersøkelser' : 'tilbud og nyheter'} på ${c.channel === 'sms' ? 'SMS' : 'e-post'}`,
  },
  sv: {
    title: 'Avregistrering',
    confirm: (what) => `Vill du sluta få ${what}?`,
    button: 'Ja, avregistrera mig',
    done: (what) => `Du får inte längre ${what}. Viktiga meddelanden om ditt avtal får du fortfarande.`,
    notConfirmed:
      'Ingenting har ändrats: begäran bekräftade inte avregistreringen. Tryck på knappen för att avregistrera dig.',
    invalid: 'Länken är inte giltig. Använd länken i det senaste meddelandet eller kontakta kundtjänst.',
    expired: 'Länken har gått ut. Använd länken i ett nyare meddelande eller kontakta kundtjänst.',
    what: (c) =>
      `${c.purpose === 'surveys' ? 'enkäter' : 'erbjudanden och nyheter'} via ${c.channel === 'sms' ? 'sms' : 'e-post'}`,
  },
  en: {
    title: 'Unsubscribe',
    confirm: (what) => `Do you want to stop receiving ${what}?`,
    button: 'Yes, unsubscribe me',
    done: (what) =>
      `You will no longer receive ${what}. Important notices about your agreement still reach you.`,
    notConfirmed:
      'Nothing was changed: the request did not confirm the unsubscribe. Press the button to unsubscribe.',
    invalid:
      'This link is not valid. Use the link in the latest message you received, or contact customer service.',
    expired: 'This link has expired. Use the link in a newer message, or contact customer service.',
    what: (c) =>
      `${c.purpose === 'surveys' ? 'surveys' : 'offers and news'} by ${c.channel === 'sms' ? 'text message' : 'email'}`,
  },
  fi: {
    title: 'Tilauksen peruminen',
    confirm: (what) => `Haluatko, ettemme enää lähetä sinulle ${what}?`,
    button: 'Kyllä, lopeta viestit',
    done: (what) =>
      `Emme enää lähetä sinulle ${what}. Tärkeät sopimustasi koskevat ilmoitukset saat edelleen.`,
    notConfirmed:
      'Mitään ei muutettu: pyyntö ei vahvistanut tilauksen perumista. Peru tilaus painamalla painiketta.',
    invalid:
      'Linkki ei ole voimassa. Käytä viimeisimmässä viestissä olevaa linkkiä tai ota yhteyttä asiakaspalveluun.',
    expired:
      'Linkki on vanhentunut. Käytä uudemmassa viestissä olevaa linkkiä tai ota yhteyttä asiakaspalveluun.',
    // Partitive, as "lähettää sinulle …" needs it.
    what: (c) =>
      `${c.purpose === 'surveys' ? 'kyselyjä' : 'tarjouksia ja uutisia'} ${c.channel === 'sms' ? 'tekstiviestillä' : 'sähköpostilla'}`,
  },
  da: {
    title: 'Afmelding',
    confirm: (what) => `Vil du ikke længere modtage ${what}?`,
    button: 'Ja, afmeld mig',
    done: (what) => `Du modtager ikke længere ${what}. Vigtige beskeder om din aftale får du stadig.`,
    notConfirmed:
      'Intet er ændret: anmodningen bekræftede ikke afmeldingen. Tryk på knappen for at afmelde dig.',
    invalid:
      'Linket er ikke gyldigt. Brug linket i den seneste besked, du har fået, eller kontakt kundeservice.',
    expired: 'Linket er udløbet. Brug linket i en nyere besked, eller kontakt kundeservice.',
    what: (c) =>
      `${c.purpose === 'surveys' ? 'spørgeundersøgelser' : 'tilbud og nyheder'} på ${c.channel === 'sms' ? 'sms' : 'e-mail'}`,
  },
};

/** What the handler is given: its settings, clock, logger and clients. */
export type UnsubscribeDeps = DepsWith<'secrets' | 'eventBridge'>;

/**
 * The one-click unsubscribe endpoint (RFC 8058). `GET /unsubscribe?token=…` shows a confirmation page
 * and changes nothing (mail scanners follow links); a `POST` whose body carries
 * `List-Unsubscribe=One-Click` (form-encoded or multipart) — the mail client's one-click request, or the
 * page's button, which sends the same pair — verifies the signed token and publishes
 * `Contact Preferences Changed` (`source: unsubscribe-link`), which the ingestion workflow stores and the
 * contact policy honours. A POST without that pair changes nothing (400).
 */
export function createHandler(
  deps: UnsubscribeDeps,
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
  secrets: SecretProvider = createSecretProvider(deps.secrets, deps.clock),
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const language = pageLanguageOf(undefined, event.headers?.['accept-language']);
    const text = TEXT[language];
    const token = event.queryStringParameters?.token ?? '';
    const now = deps.clock.now();
    const verified = parseUnsubscribeToken(token, await secrets.get(deps.linkSecretArn), now);
    if (!verified.ok) {
      deps.logger.info('Unsubscribe token refused', { reason: verified.reason });
      return page(
        verified.reason === 'expired' ? 410 : 400,
        language,
        text.title,
        html`<p>${verified.reason === 'expired' ? text.expired : text.invalid}</p>`,
      );
    }
    const what = text.what(verified.claims);
    // The pair rides on the button, not in a hidden field: only a pressed button sends it.
    const form = html`<form method="post" action="?token=${token}"><button type="submit" name="${ONE_CLICK.name}" value="${ONE_CLICK.value}">${text.button}</button></form>`;
    if (event.requestContext?.http?.method !== 'POST') {
      return page(200, language, text.title, html`<p>${text.confirm(what)}</p>${form}`);
    }
    if (formFields(event).get(ONE_CLICK.name) !== ONE_CLICK.value) {
      deps.logger.info('Unsubscribe POST without List-Unsubscribe=One-Click');
      return page(400, language, text.title, html`<p>${text.notConfirmed}</p>${form}`);
    }
    const { customerId, channel, purpose } = verified.claims;
    await events.publish(DETAIL_TYPE.contactPreferencesChanged, {
      customerId,
      channel,
      purpose,
      optedOut: true,
      source: 'unsubscribe-link',
      at: now.toISOString(),
    });
    deps.logger.info('Unsubscribed', { customerId, channel, purpose });
    return page(200, language, text.title, html`<p>${text.done(what)}</p>`);
  });
}

/** A page with the unsubscribe form's button styled; the form posts back to the endpoint. */
function page(
  statusCode: number,
  language: PageLanguage,
  title: string,
  body: SafeHtml,
): APIGatewayProxyStructuredResultV2 {
  return linkPage(statusCode, language, title, body, {
    css: 'button{font-size:1rem;padding:.5rem 1rem}',
    csp: "; form-action 'self'",
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { secrets: secretsManagerClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
