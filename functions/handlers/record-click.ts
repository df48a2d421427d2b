import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { looksLikeScanner, parseClickToken } from '#domain/links/campaign-click.ts';
import { html } from '#templates/html.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordClickDeps = DepsWith<'ddb' | 'secrets'>;

/**
 * The signed click redirect of a campaign's call to action (`GET /click?token=…`): verifies the token
 * and redirects (302) to the campaign's https link, and counts the click on the message the token names
 * (`facts.clickedAt`, its first click only). No open pixels: a click is the only signal.
 *
 * Counting honestly: mail scanners fetch every link of a message on arrival. A fetch that looks like
 * one (a HEAD, a scanner's user agent, or within 30 seconds of the send) is redirected but not counted.
 * Recording the first click is the one thing a GET here changes; it is idempotent and nothing the
 * customer or the send gate acts on (no opt-out, no consent) depends on it.
 */
export function createHandler(
  deps: RecordClickDeps,
  repositories: Repositories = repositoriesFrom(deps),
  secrets: SecretProvider = createSecretProvider(deps.secrets, deps.clock),
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const now = deps.clock.now();
    const language = pageLanguageOf(undefined, event.headers?.['accept-language']);
    const verified = parseClickToken(
      event.queryStringParameters?.token ?? '',
      await secrets.get(deps.linkSecretArn),
      now,
    );
    if (!verified.ok) {
      deps.logger.info('Click token refused', { reason: verified.reason });
      const words = {
        nb: 'Lenken er ikke gyldig lenger.',
        sv: 'Länken är inte giltig längre.',
        en: 'This link is no longer valid.',
      };
      return linkPage(
        verified.reason === 'expired' ? 410 : 400,
        language,
        'stille',
        html`<p>${words[language]}</p>`,
      );
    }
    const { dedupeKey, url } = verified.claims;
    const message = await repositories.messages.get(dedupeKey);
    const method = event.requestContext?.http?.method ?? 'GET';
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
    return { statusCode: 302, headers: { location: url, 'cache-control': 'no-store' }, body: '' };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, secrets: secretsManagerClient };

export const handler = lambdaEntry(createHandler, clients);
