import type { Construct } from 'constructs';
import * as z from 'zod';
import { TEAMS } from '#domain/alerts/teams.ts';

/** Context key: the SES domain identities stille sends e-mail from, e.g. `["notices.example.no"]`. */
export const EMAIL_IDENTITIES_CONTEXT = 'stille:emailIdentities';
/**
 * Context key: ARNs of the End User Messaging origination identities (phone pools, phone numbers,
 * sender IDs) stille sends SMS from.
 */
export const SMS_ORIGINATION_IDENTITIES_CONTEXT = 'stille:smsOriginationIdentities';
/** Context key: the End User Messaging opt-out list the origination identities use. @default 'Default' */
export const SMS_OPT_OUT_LIST_CONTEXT = 'stille:smsOptOutList';

/**
 * Context key: create the SES contact list with the consent topics (`true`). @default false: SES allows
 * one contact list per account and region, so a second stack (or another application's list) would fail
 * the deployment, and stille keeps consent itself (DecideMessage), sending without list management.
 */
export const SES_CONTACT_LIST_CONTEXT = 'stille:sesContactList';

/**
 * Context key: who each team's alert topic notifies, e.g.
 * `{"ops": ["ops@example.no", "https://hooks.example.no/stille"], "billing": ["billing@example.no"]}`:
 * e-mail addresses (they confirm the subscription) and HTTPS endpoints. @default none
 */
export const ALERT_SUBSCRIPTIONS_CONTEXT = 'stille:alertSubscriptions';

/**
 * Context key: keep the Messages table's first index by customer (`byCustomer`, every attribute
 * projected, unused) beside the one that replaced it (`true`): the first deploy of the two that upgrade a
 * stack deployed with it (docs/operations.md "Upgrading a deployed stack"). @default false
 */
export const LEGACY_MESSAGES_INDEX_CONTEXT = 'stille:legacyMessagesIndex';

/** The account's own opt-out list, which every origination identity uses unless told otherwise. */
export const DEFAULT_SMS_OPT_OUT_LIST = 'Default';

// A DNS name: labels of letters, digits and hyphens, at least one dot, at most 253 characters.
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// sender-id ARNs end in /<sender id>/<ISO country code>.
const ORIGINATION_IDENTITY_ARN =
  /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(pool|phone-number|sender-id)\/[A-Za-z0-9_-]+(\/[A-Z]{2})?$/;

/** What the stack reads from the CDK context (`cdk.json` or `cdk deploy -c key=value`). */
export const StilleContextSchema = z.object({
  emailIdentities: z
    .array(z.string().max(253).regex(DOMAIN, 'a lowercase domain name, e.g. notices.example.no'))
    .max(20)
    .default([]),
  smsOriginationIdentities: z
    .array(
      z
        .string()
        .max(256)
        .regex(
          ORIGINATION_IDENTITY_ARN,
          'the ARN of a pool, phone number or sender ID of End User Messaging',
        ),
    )
    .max(20)
    .default([]),
  smsOptOutList: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an opt-out list name')
    .default(DEFAULT_SMS_OPT_OUT_LIST),
  sesContactList: z.boolean().default(false),
  legacyMessagesIndex: z.boolean().default(false),
  alertSubscriptions: z
    .partialRecord(
      z.enum(TEAMS),
      z
        .array(
          z.union([
            z.email('an e-mail address or an https:// URL').max(254),
            z.url({ protocol: /^https$/, error: 'an e-mail address or an https:// URL' }).max(2048),
          ]),
        )
        .max(10),
    )
    .default({}),
});

/** The validated context of the stack. */
export type StilleContext = z.infer<typeof StilleContextSchema>;

/** The context is malformed; the message names the key and what is wrong with it. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
}

/**
 * A list from the context. `cdk.json` gives arrays as they are; `-c key=value` on the command line gives
 * a string, which may be a JSON array or a comma-separated list.
 */
function listValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new InvalidContextError(`Not a JSON array: ${text.slice(0, 200)}`, { cause });
    }
  }
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}

/** A flag from the context: `-c key=true` gives the string `'true'`. */
function booleanValue(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** An object from the context: `-c key='{...}'` gives a JSON string. */
function objectValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (cause) {
    throw new InvalidContextError(`Not a JSON object: ${value.slice(0, 200)}`, { cause });
  }
}

/** Reads and validates the stille context keys visible from `scope`. */
export function readStilleContext(scope: Construct): StilleContext {
  const raw = {
    emailIdentities: listValue(scope.node.tryGetContext(EMAIL_IDENTITIES_CONTEXT)),
    smsOriginationIdentities: listValue(scope.node.tryGetContext(SMS_ORIGINATION_IDENTITIES_CONTEXT)),
    smsOptOutList: scope.node.tryGetContext(SMS_OPT_OUT_LIST_CONTEXT),
    sesContactList: booleanValue(scope.node.tryGetContext(SES_CONTACT_LIST_CONTEXT)),
    legacyMessagesIndex: booleanValue(scope.node.tryGetContext(LEGACY_MESSAGES_INDEX_CONTEXT)),
    alertSubscriptions: objectValue(scope.node.tryGetContext(ALERT_SUBSCRIPTIONS_CONTEXT)),
  };
  const parsed = StilleContextSchema.safeParse(raw);
  if (!parsed.success) {
    const keys: Record<string, string> = {
      emailIdentities: EMAIL_IDENTITIES_CONTEXT,
      smsOriginationIdentities: SMS_ORIGINATION_IDENTITIES_CONTEXT,
      smsOptOutList: SMS_OPT_OUT_LIST_CONTEXT,
      sesContactList: SES_CONTACT_LIST_CONTEXT,
      legacyMessagesIndex: LEGACY_MESSAGES_INDEX_CONTEXT,
      alertSubscriptions: ALERT_SUBSCRIPTIONS_CONTEXT,
    };
    const problems = parsed.error.issues.map((issue) => {
      const [first, ...rest] = issue.path;
      const key = keys[String(first)] ?? String(first);
      return `${key}${rest.map((p) => `[${String(p)}]`).join('')}: ${issue.message}`;
    });
    throw new InvalidContextError(`Invalid CDK context: ${problems.join('; ')}`);
  }
  return parsed.data;
}
