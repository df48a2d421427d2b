import { createEmailChannel, type EmailChannel } from '../adapters/channels/email.ts';
import { PermanentDeliveryError, providerMayHaveAccepted } from '../adapters/channels/errors.ts';
import { createSmsChannel, type SmsChannel } from '../adapters/channels/sms.ts';
import { dynamoDocumentClient } from '../adapters/clients/dynamodb.ts';
import { secretsManagerClient } from '../adapters/clients/secrets-manager.ts';
import { sesClient } from '../adapters/clients/ses.ts';
import { smsClient } from '../adapters/clients/sms.ts';
import type { DepsWith } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import type { LedgerEntry } from '../adapters/dynamo/messages.ts';
import { createSecretProvider, type SecretProvider } from '../adapters/secrets.ts';
import { loadMarketsConfig, type MarketSettings, settingsForMarket } from '../domain/config/markets.ts';
import { capFor } from '../domain/contact-policy/index.ts';
import type { ValidMessageRequest } from '../domain/contracts/index.ts';
import { TransientError } from '../domain/errors.ts';
import { SURVEY_LINK_DAYS, surveyAnswerLinks } from '../domain/links/survey-answer.ts';
import { unsubscribeUrl } from '../domain/links/unsubscribe.ts';
import { inFlightClaimExpired, onInFlight } from '../domain/messaging/delivery-policy.ts';
import type { Channel } from '../domain/messaging/types.ts';
import { type RenderedMessage, renderMessage, TemplateError } from '../templates/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { parseRequest, pendingOf, type Recipient } from './common/send-gate.ts';

/** The Deliver state's input: the request and the contact policy's `send` decision. */
export interface DeliverInput {
  request: unknown;
  decision: { action: string; channel?: Channel; to?: string; recipient?: Recipient };
}

export type DeliverResult =
  | { status: 'sent'; dedupeKey: string; messageId: string; providerMessageId: string; channel: Channel }
  /** The ledger already had a final outcome (a replay or a retry after success): nothing was sent. */
  | { status: 'sent' | 'suppressed' | 'failed'; dedupeKey: string; duplicate: true }
  /** An earlier attempt died with its outcome unknown and the purpose says rather never than twice. */
  | { status: 'failed'; dedupeKey: string; reason: 'provider-error' }
  /** Another message of the same capped purpose was sent or is being sent: this one would break the cap. */
  | { status: 'suppressed'; dedupeKey: string; reason: 'frequency-cap' };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Unsubscribe links stay valid this long: mailbox providers expect them to work for weeks. */
const UNSUBSCRIBE_LINK_DAYS = 365;

export interface DeliverDependencies {
  repositories: Repositories;
  email: EmailChannel;
  sms: SmsChannel;
  secrets: SecretProvider;
}

/** What the handler is given: its settings, clock, logger and clients. */
export type DeliverMessageDeps = DepsWith<'ddb' | 'ses' | 'sms' | 'secrets'>;

/**
 * The send gate's second step, after the contact policy said `send`: claims the message in the
 * idempotency ledger, renders it in the customer's locale, hands it to SES or End User Messaging SMS,
 * and records the outcome. Throttling and 5xx answers release the claim and throw `TransientError`
 * (the workflow retries with backoff and jitter); a refusal records `failed` and throws
 * `PermanentDeliveryError` (the workflow records the failure and raises an alert).
 */
export function createHandler(
  deps: DeliverMessageDeps,
  overrides: Partial<DeliverDependencies> = {},
): Handler<DeliverInput, DeliverResult> {
  const repositories = overrides.repositories ?? repositoriesFrom(deps);
  const email = overrides.email ?? createEmailChannel(deps.ses);
  const sms = overrides.sms ?? createSmsChannel(deps.sms);
  const secrets = overrides.secrets ?? createSecretProvider(deps.secrets, deps.clock);
  const config = loadMarketsConfig(deps.marketsConfig);

  return withMiddleware(deps, async (input: DeliverInput) => {
    const now = deps.clock.now();
    const request = parseRequest(input?.request, now);
    const { dedupeKey } = request;
    const { channel, to, recipient } = input?.decision ?? {};
    if (
      input?.decision?.action !== 'send' ||
      (channel !== 'email' && channel !== 'sms') ||
      !to ||
      recipient?.customerId !== request.customerId
    ) {
      throw new TypeError(
        `Deliver needs a send decision with a channel, an address and the recipient, got ${JSON.stringify(input?.decision)}`,
      );
    }
    const pending = { ...pendingOf(request, recipient.locale), channel, to };

    const claim = await repositories.messages.claim(pending, now);
    if (claim.outcome === 'final') {
      return { status: claim.record.status ?? 'failed', dedupeKey, duplicate: true };
    }
    if (claim.outcome === 'in-flight') {
      const resolved = await resolveInFlight(repositories, claim.record, request, now);
      if (resolved) return resolved;
    }

    const settings = settingsForMarket(config, recipient.market);
    const cap = capFor(settings.caps, request.purpose);
    if (cap) {
      // Decide checked the cap before the claim; concurrent requests may all have passed it. Counting
      // the other claims now, after ours is visible, means at most `max` go out (never more).
      const since = new Date(now.getTime() - cap.days * DAY_MS);
      const others = await repositories.messages.capClaims(
        request.customerId,
        request.purpose,
        since,
        dedupeKey,
      );
      if (others >= cap.max) {
        await repositories.messages.suppressClaimed(
          dedupeKey,
          'frequency-cap',
          `${others} other ${request.purpose} messages sent or being sent within ${cap.days} days`,
          now,
        );
        return { status: 'suppressed', dedupeKey, reason: 'frequency-cap' };
      }
    }
    const { rendered, unsubscribe } = await render(
      deps,
      secrets,
      request,
      recipient,
      channel,
      now,
      dedupeKey,
      repositories,
    );

    let providerMessageId: string;
    try {
      providerMessageId =
        channel === 'email'
          ? (await email.send(emailOf(deps, settings, request, to, rendered, unsubscribe))).providerMessageId
          : (await sms.send(smsOf(deps, settings, request, to, rendered))).providerMessageId;
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof TransientError) {
        // Throttled or a 5xx: the provider did not take it, so another attempt may claim it again.
        if (!providerMayHaveAccepted(error)) await repositories.messages.release(dedupeKey, detail);
      } else {
        await repositories.messages.markFailed(dedupeKey, 'provider-error', detail, now);
      }
      throw error;
    }
    await repositories.messages.markSent(dedupeKey, {
      providerMessageId,
      sentAt: deps.clock.now().toISOString(),
      channel,
      to,
      subject: rendered.subject,
      text: rendered.sms?.text ?? rendered.text,
      html: rendered.html,
      locale: rendered.locale,
    });
    deps.logger.info('Message sent', { dedupeKey, channel, kind: request.kind });
    return { status: 'sent', dedupeKey, messageId: claim.record.messageId, providerMessageId, channel };
  });
}

/**
 * An earlier attempt holds the claim. While its lease runs it may still be working: retry later. Once it
 * has expired the attempt is dead with its outcome unknown, and the purpose decides (docs/idempotency.md).
 */
async function resolveInFlight(
  repositories: Repositories,
  record: LedgerEntry,
  request: ValidMessageRequest,
  now: Date,
): Promise<DeliverResult | undefined> {
  if (!inFlightClaimExpired(record.claimedAt ?? '', now)) {
    throw new TransientError(`message ${request.dedupeKey} is being sent by another attempt`);
  }
  if (onInFlight(request.purpose) === 'give-up') {
    await repositories.messages.markFailed(
      request.dedupeKey,
      'provider-error',
      'an earlier attempt died after handing the message to the provider; outcome unknown, not sent again',
      now,
    );
    return { status: 'failed', dedupeKey: request.dedupeKey, reason: 'provider-error' };
  }
  const takeOver = await repositories.messages.takeOver(request.dedupeKey, record.attempts, now);
  if (takeOver.outcome !== 'claimed') {
    throw new TransientError(`message ${request.dedupeKey} was taken over by another attempt`);
  }
  return undefined;
}

async function render(
  deps: DeliverMessageDeps,
  secrets: SecretProvider,
  request: ValidMessageRequest,
  recipient: Recipient,
  channel: Channel,
  now: Date,
  dedupeKey: string,
  repositories: Repositories,
): Promise<{ rendered: RenderedMessage; unsubscribe: string | undefined }> {
  const unsubscribe =
    request.purpose === 'service'
      ? undefined
      : unsubscribeUrl(
          deps.publicBaseUrl,
          {
            customerId: recipient.customerId,
            channel,
            purpose: request.purpose === 'survey' ? 'surveys' : 'marketing',
            exp: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_LINK_DAYS * 24 * 60 * 60,
          },
          await secrets.get(deps.linkSecretArn),
        );
  const answers =
    request.kind === 'survey-request' ? await answerLinks(deps, secrets, request, recipient, now) : undefined;
  try {
    const rendered = renderMessage({
      kind: request.kind,
      locale: recipient.locale,
      channel,
      customer: recipient,
      facts: request.facts,
      links: { ...(unsubscribe ? { unsubscribe } : {}), ...(answers ? { answers } : {}) },
    });
    return { rendered, unsubscribe };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    await repositories.messages.markFailed(dedupeKey, 'render-error', error.message, now);
    throw new PermanentDeliveryError(channel, 'RenderError', error.message, { cause: error });
  }
}

/**
 * The one-click answer links of a survey, signed for this customer and survey (the facts' `surveyId`
 * and `scale`); undefined when the facts lack them (the template then names what is missing).
 */
async function answerLinks(
  deps: DeliverMessageDeps,
  secrets: SecretProvider,
  request: ValidMessageRequest,
  recipient: Recipient,
  now: Date,
): Promise<Record<string, string> | undefined> {
  const { surveyId, scale } = request.facts;
  if (typeof surveyId !== 'string' || surveyId.length === 0 || (scale !== 'csat-5' && scale !== 'nps-10')) {
    return undefined;
  }
  return surveyAnswerLinks(
    deps.publicBaseUrl,
    {
      customerId: recipient.customerId,
      surveyId,
      scale,
      locale: recipient.locale,
      exp: Math.floor(now.getTime() / 1000) + (SURVEY_LINK_DAYS * DAY_MS) / 1000,
    },
    await secrets.get(deps.linkSecretArn),
  );
}

function emailOf(
  deps: DeliverMessageDeps,
  settings: MarketSettings,
  request: ValidMessageRequest,
  to: string,
  rendered: RenderedMessage,
  unsubscribe: string | undefined,
) {
  return {
    from: settings.email.from,
    ...(settings.email.replyTo ? { replyTo: settings.email.replyTo } : {}),
    to,
    subject: rendered.subject,
    html: rendered.html ?? '',
    text: rendered.text,
    configurationSetName: deps.sesConfigurationSet,
    // Survey and marketing carry RFC 8058 one-click unsubscribe; service notices do not.
    ...(unsubscribe ? { listUnsubscribe: { url: unsubscribe } } : {}),
    tags: { customerId: request.customerId, kind: request.kind, purpose: request.purpose },
  };
}

function smsOf(
  deps: DeliverMessageDeps,
  settings: MarketSettings,
  request: ValidMessageRequest,
  to: string,
  rendered: RenderedMessage,
) {
  return {
    to,
    body: rendered.sms?.text ?? rendered.text,
    originationIdentity: settings.sms.originationIdentity,
    configurationSetName: deps.smsConfigurationSet,
    messageType: settings.sms.messageTypeByPurpose[request.purpose],
    context: { customerId: request.customerId, kind: request.kind, dedupeKey: request.dedupeKey },
  };
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = {
  ddb: dynamoDocumentClient,
  ses: sesClient,
  sms: smsClient,
  secrets: secretsManagerClient,
};

export const handler = lambdaEntry(createHandler, clients);
