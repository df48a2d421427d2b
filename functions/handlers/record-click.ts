import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { actionUrlOf, looksLikeScanner, parseClickToken } from '#domain/links/campaign-click.ts';
import { html, raw } from '#templates/html.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordClickDeps = DepsWith<'ddb' | 'secrets'>;

/**
 * The signed click link of a campaign's call to action (`/click?token=…`, a short token naming the
 * message; where it goes is the message's own link, from its facts). No open pixels: a click is
 * the only signal, and it is counted honestly:
 *
 * - `GET` changes nothing (mail scanners fetch every link of a message on arrival). It verifies the
 *   token and answers a page that sends the customer on to the campaign's https link at once: its
 *   script first posts the same token back (`fetch` with `keepalive`, so the post survives the
 *   navigation), then replaces the page with the link; without scripts a refresh and a plain link take
 *   the customer there, uncounted.
 * - `POST` counts the click on the message the token names (`facts.clickedAt`, its first click only),
 *   unless it looks like a scanner (a scanner's user agent, or within 30 seconds of the send), and
 *   answers 204.
 */
export function createHandler(
  deps: RecordClickDeps,
  repositories: Repositories = repositoriesFrom(deps),
  secrets: SecretProvider = createSecretProvider(deps.secrets, deps.clock),
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const now = deps.clock.now();
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const language = pageLanguageOf(undefined, event.headers?.['accept-language']);
    const verified = parseClickToken(
      event.queryStringParameters?.token ?? '',
      await secrets.get(deps.linkSecretArn),
      now,
    );
    if (!verified.ok) {
      deps.logger.info('Click token refused', { reason: verified.reason });
      const status = verified.reason === 'expired' ? 410 : 400;
      if (method === 'POST')
        return { statusCode: status, headers: { 'cache-control': 'no-store' }, body: '' };
      return linkPage(status, language, 'stille', html`<p>${REFUSED[language]}</p>`);
    }
    const { dedupeKey } = verified.claims;
    const message = await repositories.messages.get(dedupeKey);
    // Where the link goes is the message's own: the campaign's https link in its facts.
    const url = actionUrlOf(message?.facts);
    if (url === undefined) {
      deps.logger.info('Click on a message without a link', {
        dedupeKey,
        status: message?.status ?? 'unknown',
      });
      if (method === 'POST') return { statusCode: 404, headers: { 'cache-control': 'no-store' }, body: '' };
      return linkPage(404, language, 'stille', html`<p>${REFUSED[language]}</p>`);
    }
    if (method !== 'POST') {
      deps.logger.info('Click link opened', { dedupeKey });
      return forwardPage(language, url);
    }
    const scanner = looksLikeScanner({
      method,
      userAgent: event.headers?.['user-agent'],
      sentAt: message?.sentAt ?? null,
      at: now,
    });
    if (!scanner && message?.status === 'sent') {
      const recorded = await repositories.messages.recordClick(dedupeKey, now);
      deps.logger.info('Campaign click', { dedupeKey, first: recorded.applied });
    } else {
      deps.logger.info('Click not counted', { dedupeKey, scanner, status: message?.status ?? 'unknown' });
    }
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
  });
}

const REFUSED = {
  nb: 'Lenken er ikke gyldig lenger.',
  sv: 'Länken är inte giltig längre.',
  en: 'This link is no longer valid.',
  fi: 'Linkki ei ole enää voimassa.',
  da: 'Linket er ikke længere gyldigt.',
} as const;

const FORWARD = {
  nb: { title: 'Et øyeblikk …', go: 'Gå videre' },
  sv: { title: 'Ett ögonblick …', go: 'Fortsätt' },
  en: { title: 'One moment …', go: 'Continue' },
  fi: { title: 'Hetkinen …', go: 'Jatka' },
  da: { title: 'Et øjeblik …', go: 'Fortsæt' },
} as const;

/**
 * The page a GET answers: it posts the click (the same URL, so the same token) and goes on to `url`. The
 * script is allowed by its hash alone, and may only talk to this API (`connect-src 'self'`).
 */
function forwardPage(language: keyof typeof FORWARD, url: string): APIGatewayProxyStructuredResultV2 {
  // JSON, with `<` escaped, so the link can never close the script.
  const target = JSON.stringify(url).replaceAll('<', '\\u003c');
  const script = `fetch(location.href,{method:'POST',keepalive:true}).catch(function(){});location.replace(${target});`;
  const hash = createHash('sha256').update(script).digest('base64');
  const words = FORWARD[language];
  return linkPage(
    200,
    language,
    words.title,
    html`<noscript><meta http-equiv="refresh" content="0;url=${url}"></noscript>
<p><a href="${url}">${words.go}</a></p>
<script>${raw(script)}</script>`,
    { csp: `; script-src 'sha256-${hash}'; connect-src 'self'` },
  );
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, secrets: secretsManagerClient };

export const handler = lambdaEntry(createHandler, clients);
