/**
 * Customer actions of a scenario (an extension, docs/contracts.md "Scenarios"): what a customer's
 * browser does, through the embedded runtime's HTTP API, at the action's instant.
 */
import { queryItems } from '#adapters/dynamo/calls.ts';
import {
  BY_CUSTOMER_INDEX,
  type ByCustomerAttribute,
  DynamoMessageLedger,
} from '#adapters/dynamo/messages.ts';
import { ENV } from '#domain/config/env-names.ts';
import type { RejectedEvent, ScenarioAction } from '#domain/contracts/index.ts';
import { OFFER_PATH } from '#domain/links/offer-accept.ts';
import type { LocalRuntime } from './runtime.ts';

/** The `detailType` a rejected action is reported under (it names the action, not an event). */
export const ACTION_DETAIL_TYPE = 'Scenario Action';

/** The latest sent `retention-offer` of the customer: its dedupe key, sent time and body. */
interface SentOffer {
  dedupeKey: string;
  sentAt: string;
  html: string | null;
  text: string | null;
}

/**
 * The customer's latest sent offer: found by the ledger's index by customer (which holds no bodies), its
 * body then read from the table.
 */
async function latestSentOffer(runtime: LocalRuntime, customerId: string): Promise<SentOffer | undefined> {
  const table = runtime.environment[ENV.messagesTable];
  if (!table) return undefined;
  let latest: { dedupeKey: string; sentAt: string } | undefined;
  for await (const item of queryItems(runtime.deps.ddb, {
    TableName: table,
    IndexName: BY_CUSTOMER_INDEX,
    KeyConditionExpression: '#customerId = :customerId',
    ProjectionExpression: '#dedupeKey, #kind, #status, #sentAt',
    ExpressionAttributeNames: {
      '#customerId': 'customerId',
      '#dedupeKey': 'dedupeKey',
      '#kind': 'kind',
      '#status': 'status',
      '#sentAt': 'sentAt',
    } satisfies Record<string, ByCustomerAttribute | 'customerId' | 'dedupeKey'>,
    ExpressionAttributeValues: { ':customerId': customerId },
  })) {
    if (item.kind !== 'retention-offer' || item.status !== 'sent' || typeof item.sentAt !== 'string')
      continue;
    if (typeof item.dedupeKey !== 'string') continue;
    if (latest && Date.parse(latest.sentAt) >= Date.parse(item.sentAt)) continue;
    latest = { dedupeKey: item.dedupeKey, sentAt: item.sentAt };
  }
  if (!latest) return undefined;
  const entry = await new DynamoMessageLedger(runtime.deps.ddb, table).get(latest.dedupeKey);
  return { ...latest, html: entry?.html ?? null, text: entry?.text ?? null };
}

const LINK_IN_BODY = new RegExp(`https?://[^\\s"'<>]*${OFFER_PATH}\\?token=[A-Za-z0-9._~-]+`);

/**
 * The accept link of a sent offer, as the message carries it (its html, else its text): the customer
 * can only follow the link they got, so an offer sent without one cannot be accepted.
 */
function acceptLink(offer: SentOffer): string | undefined {
  return LINK_IN_BODY.exec(offer.html ?? '')?.[0] ?? LINK_IN_BODY.exec(offer.text ?? '')?.[0];
}

const FORM_ACTION = /<form method="post" action="([^"]+)">/;
const FORM_TOKEN = /<input type="hidden" name="token" value="([^"]+)">/;

function unescapeAttribute(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * `accept-offer`: opens the accept link of the customer's latest sent retention offer (GET) and presses
 * the page's button (POST of its form). Returns a rejected entry (source `actions`) when there is no
 * sent offer to accept or the endpoint refuses; never throws for the customer's side of things.
 */
export async function performAction(
  runtime: LocalRuntime,
  action: ScenarioAction,
  index: number,
): Promise<RejectedEvent | undefined> {
  const rejected = (path: string, message: string): RejectedEvent => ({
    index,
    detailType: ACTION_DETAIL_TYPE,
    source: 'actions',
    errors: [{ path, message }],
  });
  const offer = await latestSentOffer(runtime, action.customerId);
  if (!offer) {
    return rejected(
      'customerId',
      `customer "${action.customerId}" has no sent retention-offer message to accept at ${action.at}`,
    );
  }
  const link = acceptLink(offer);
  if (!link) {
    return rejected(
      'action',
      `the retention offer ${offer.dedupeKey} sent to "${action.customerId}" carries no accept link (its last day is over)`,
    );
  }
  try {
    const page = await fetch(link);
    const body = await page.text();
    if (page.status !== 200) {
      return rejected('action', `the offer page answered ${page.status} for ${offer.dedupeKey}`);
    }
    const formAction = FORM_ACTION.exec(body)?.[1];
    const token = FORM_TOKEN.exec(body)?.[1];
    // No form: the page says the offer was accepted already; the customer has nothing to press.
    if (formAction === undefined || token === undefined) return undefined;
    const response = await fetch(new URL(unescapeAttribute(formAction), link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: unescapeAttribute(token) }).toString(),
    });
    await response.text();
    if (response.status !== 200) {
      return rejected('action', `accepting ${offer.dedupeKey} answered ${response.status}`);
    }
    return undefined;
  } catch (error) {
    return rejected('action', `the offer endpoint could not be reached: ${(error as Error).message}`);
  }
}
