import type { Logger } from '@aws-lambda-powertools/logger';
import { createEmailChannel, type EmailChannel } from '#adapters/channels/email.ts';
import { PermanentDeliveryError, providerMayHaveAccepted } from '#adapters/channels/errors.ts';
import { createSmsChannel, type SmsChannel } from '#adapters/channels/sms.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import { sesClient } from '#adapters/clients/ses.ts';
import { smsClient } from '#adapters/clients/sms.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { Claimant, LedgerEntry, MessageLedger, Settlement } from '#adapters/dynamo/messages.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { loadMarketsConfig, type MarketSettings, settingsForMarket } from '#domain/config/markets.ts';
import { capFor } from '#domain/contact-policy/index.ts';
import type { ValidMessageRequest } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import { actionUrlOf, clickUrl } from '#domain/links/campaign-click.ts';
import { offerAcceptUrl, offerLinkExpiry } from '#domain/links/offer-accept.ts';
import { SURVEY_LINK_DAYS, surveyAnswerLinks } from '#domain/links/survey-answer.ts';
import { unsubscribeUrl } from '#domain/links/unsubscribe.ts';
import { decideInFlight } from '#domain/messaging/delivery-policy.ts';
import type { Channel } from '#domain/messaging/types.ts';
import { marketingBasisOf, type RenderedMessage, renderMessage, TemplateError } from '#templates/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { claimantOf, parseRequest, pendingOf, type Recipient } from './common/send-gate.ts';

/** The Deliver state's input: the request, the contact policy's `send` decision, and who is asking. */
export interface DeliverInput {
  request: unknown;
  decision: { action: string; channel?: Channel; to?: string; recipient?: Recipient };
  /** The SendMessage execution (`$$.Execution.Id`): the claimant of the message's ledger claim. */
  execution?: unknown;
}

export type DeliverResult =
  | { status: 'sent'; dedupeKey: string; messageId: string; providerMessageId: string; channel: Channel }
  /** The ledger already had a final outcome (a replay or a retry after success): nothing was sent. */
  | { status: 'sent' | 'suppressed' | 'failed'; dedupeKey: string; duplicate: true }
  /**
   * Another execution holds a live claim on the message (the same request delivered twice): nothing was
   * sent and nothing written; the holder settles the message.
   */
  | { status: 'in-flight'; dedupeKey: string; duplicate: true }
  /** Another message of the same capped purpose was sent or is being sent: this one would break the cap. */
  | { status: 'suppressed'; dedupeKey: string; reason: 'frequency-cap' };

/** Why a message is given up on when an earlier attempt died with its outcome unknown. */
const GIVE_UP_DETAIL =
  'an earlier attempt died after handing the message to the provider; outcome unknown, not sent again';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A campaign's click links count (and redirect) this long. */
const CLICK_LINK_DAYS = 90;

/**
 * The signed click redirect of a campaign message's call to action, or undefined when it has none (or
 * its link is too long for a token: then the message links to the campaign's URL directly, uncounted).
 */
async function clickLink(
  deps: DeliverMessageDeps,
  secrets: SecretProvider,
  request: ValidMessageRequest,
  now: Date,
): Promise<string | undefined> {
  if (actionUrlOf(request.facts) === undefined) return undefined;
  try {
    return clickUrl(
      deps.publicBaseUrl,
      { dedupeKey: request.dedupeKey, exp: Math.floor(now.getTime() / 1000) + CLICK_LINK_DAYS * 86_400 },
      await secrets.get(deps.linkSecretArn),
    );
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * The signed acceptance link of a retention offer (domain/links/offer-accept.ts): valid to the end of the
 * offer's last day (`offer.validUntil`, 24:00 UTC), or 30 days when it names none. Undefined when the
 * facts name no offer, the offer's last day is over, or the dedupe key is too long for a token (the
 * template then says how else to accept).
 */
async function offerLink(
  deps: DeliverMessageDeps,
  secrets: SecretProvider,
  request: ValidMessageRequest,
  recipient: Recipient,
  now: Date,
): Promise<string | undefined> {
  const facts = request.facts as Record<string, unknown>;
  if (typeof facts.offerId !== 'string' || facts.offerId.length === 0) return undefined;
  const offer = facts.offer as { validUntil?: unknown } | undefined;
  const exp = offerLinkExpiry(
    typeof offer === 'object' && offer !== null ? offer.validUntil : undefined,
    now,
  );
  if (exp === undefined) return undefined;
  try {
    return offerAcceptUrl(
      deps.publicBaseUrl,
      { dedupeKey: request.dedupeKey, locale: recipient.locale, exp },
      await secrets.get(deps.linkSecretArn),
    );
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

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
 * idempotency ledger for this execution, renders it in the customer's locale, hands it to SES or End
 * User Messaging SMS, and records the outcome. Throttling and 5xx answers release the claim and throw
 * `TransientError` (the workflow retries with backoff and jitter); a refusal settles the claim as
 * `failed` and throws `PermanentDeliveryError` (the workflow's RecordFailure raises the alert). A
 * message another execution is sending ends as a duplicate (`in-flight`), untouched.
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
    const claimant = claimantOf(input?.execution, deps.logger);
    const { messages } = repositories;

    // The claim is where a replay of a message already settled is found (DecideMessage does not read
    // the ledger before a send): it sends nothing and writes nothing.
    const claim = await messages.claim(pending, claimant, now);
    if (claim.outcome === 'final') return finalDuplicate(deps.logger, claim.record);
    if (claim.outcome === 'in-flight') {
      const resolved = await resolveInFlight(
        deps.logger,
        messages,
        claim.record,
        request,
        claimant,
        channel,
        now,
      );
      if (resolved) return resolved;
    }

    const settings = settingsForMarket(config, recipient.market);
    const cap = capFor(settings.caps, request.purpose);
    if (cap) {
      // Decide checked the cap before the claim; concurrent requests may all have passed it. Counting
      // the other claims now, after ours is visible, means at most `max` go out (never more).
      const since = new Date(now.getTime() - cap.days * DAY_MS);
      const others = await messages.capClaims(request.customerId, request.purpose, since, dedupeKey);
      if (others >= cap.max) {
        const suppressed = await messages.suppressClaimed(dedupeKey, claimant, {
          reason: 'frequency-cap',
          detail: `${others} other ${request.purpose} messages sent or being sent within ${cap.days} days`,
          at: now,
        });
        return suppressed.applied
          ? { status: 'suppressed', dedupeKey, reason: 'frequency-cap' }
          : inFlightDuplicate(dedupeKey);
      }
    }
    let rendered: RenderedMessage;
    let unsubscribe: string | undefined;
    try {
      ({ rendered, unsubscribe } = await render(deps, secrets, request, recipient, channel, now, settings));
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return failClaim(
        messages,
        { dedupeKey, claimant },
        { reason: 'render-error', detail: error.message, at: now },
        new PermanentDeliveryError(channel, 'RenderError', error.message, { cause: error }),
      );
    }

    let providerMessageId: string;
    try {
      providerMessageId =
        channel === 'email'
          ? (await email.send(emailOf(deps, settings, request, to, rendered, unsubscribe))).providerMessageId
          : (await sms.send(smsOf(deps, settings, request, to, rendered))).providerMessageId;
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof PermanentDeliveryError) {
        return failClaim(
          messages,
          { dedupeKey, claimant },
          { reason: 'provider-error', detail, at: now },
          error,
        );
      }
      // Throttled or a 5xx: the provider did not take it, so another attempt may claim it again.
      if (error instanceof TransientError && !providerMayHaveAccepted(error)) {
        await messages.release(dedupeKey, claimant, detail);
      }
      throw error;
    }
    const recorded = await messages.markSent(dedupeKey, {
      providerMessageId,
      sentAt: deps.clock.now().toISOString(),
      channel,
      to,
      subject: rendered.subject,
      text: rendered.sms?.text ?? rendered.text,
      html: rendered.html,
      locale: rendered.locale,
    });
    if (!recorded.applied) {
      // Only after a takeover (this attempt outlived its lease): the ledger keeps the outcome it has.
      deps.logger.warn('Message sent, but the ledger had already settled it', {
        dedupeKey,
        providerMessageId,
      });
    }
    deps.logger.info('Message sent', { dedupeKey, channel, kind: request.kind });
    if (recorded.applied) deps.metrics.record('messagesSent', { kind: request.kind, channel });
    return { status: 'sent', dedupeKey, messageId: claim.record.messageId, providerMessageId, channel };
  });
}

/**
 * An attempt holds the claim. Another execution's live claim is left to it (a replay ends as a duplicate);
 * this execution's own is waited for while its lease runs (the earlier attempt may still be working); once
 * the lease has passed the holder is dead with its outcome unknown, and the purpose decides
 * (docs/idempotency.md). Undefined: this attempt took the claim over and sends again.
 */
async function resolveInFlight(
  logger: Pick<Logger, 'info'>,
  messages: MessageLedger,
  record: LedgerEntry,
  request: ValidMessageRequest,
  claimant: Claimant,
  channel: Channel,
  now: Date,
): Promise<DeliverResult | undefined> {
  const { dedupeKey } = request;
  const decision = decideInFlight(
    { claimedAt: record.claimedAt ?? '', heldByThisExecution: record.claimedBy === claimant },
    request.purpose,
    now,
  );
  if (decision === 'wait') {
    throw new TransientError(`message ${dedupeKey} is being sent by an earlier attempt of this execution`);
  }
  if (decision === 'leave') return inFlightDuplicate(dedupeKey);
  const takeOver = await messages.takeOver(dedupeKey, record.attempts, claimant, now);
  if (takeOver.outcome === 'final') return finalDuplicate(logger, takeOver.record);
  // Another attempt took it over first: it holds a fresh claim now.
  if (takeOver.outcome === 'in-flight') return inFlightDuplicate(dedupeKey);
  if (decision === 'give-up') {
    return failClaim(
      messages,
      { dedupeKey, claimant },
      { reason: 'provider-error', detail: GIVE_UP_DETAIL, at: now },
      new PermanentDeliveryError(channel, 'OutcomeUnknown', GIVE_UP_DETAIL),
    );
  }
  return undefined;
}

/**
 * Settles this execution's claim as failed and throws `error` (a `PermanentDeliveryError`: the workflow's
 * RecordFailure raises the alert). Only if the claim is no longer this execution's (taken over after its
 * lease) does the attempt end as a duplicate instead, leaving the message to its holder.
 */
async function failClaim(
  messages: MessageLedger,
  { dedupeKey, claimant }: { dedupeKey: string; claimant: Claimant },
  failure: Settlement,
  error: PermanentDeliveryError,
): Promise<DeliverResult> {
  const failed = await messages.markFailed(dedupeKey, claimant, failure);
  if (!failed.applied) return inFlightDuplicate(dedupeKey);
  throw error;
}

/** The message already has its outcome (a replay, or a retry after it was settled): logged, not sent. */
function finalDuplicate(logger: Pick<Logger, 'info'>, record: LedgerEntry): DeliverResult {
  const status = record.status ?? 'failed';
  logger.info('Duplicate message request', { dedupeKey: record.dedupeKey, status });
  return { status, dedupeKey: record.dedupeKey, duplicate: true };
}

function inFlightDuplicate(dedupeKey: string): DeliverResult {
  return { status: 'in-flight', dedupeKey, duplicate: true };
}

async function render(
  deps: DeliverMessageDeps,
  secrets: SecretProvider,
  request: ValidMessageRequest,
  recipient: Recipient,
  channel: Channel,
  now: Date,
  settings: MarketSettings,
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
  const action =
    request.kind === 'campaign-message' ? await clickLink(deps, secrets, request, now) : undefined;
  const offer =
    request.kind === 'retention-offer' ? await offerLink(deps, secrets, request, recipient, now) : undefined;
  // A TemplateError (facts the template cannot render) reaches the caller, which fails the claim.
  const rendered = renderMessage({
    kind: request.kind,
    locale: recipient.locale,
    channel,
    customer: {
      ...recipient,
      marketingBasis: marketingBasisOf(
        recipient,
        request.purpose,
        settings.marketingConsent.existingCustomers,
      ),
    },
    facts: request.facts,
    links: {
      ...(unsubscribe ? { unsubscribe } : {}),
      ...(answers ? { answers } : {}),
      ...(action ? { action } : {}),
      ...(offer ? { offer } : {}),
    },
    sender: settings.sender,
    // "Reply STOP" only from a two-way number; from a sender ID the opt-out link instead.
    twoWaySms: settings.sms.twoWay,
  });
  return { rendered, unsubscribe };
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
    // Replies reach customer service: the market's own e-mail Reply-To, else its sender profile's.
    replyTo: settings.email.replyTo ?? settings.sender.replyTo,
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
