import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  addressOfMailbox,
  CONFIGURED_MARKETS,
  DEFAULT_MARKETS_CONFIG,
  type MarketsConfig,
  parseMarketsConfig,
  serializeMarketsConfig,
} from '#domain/config/markets.ts';
import { InvalidContextError } from './context.ts';

/**
 * Context key: the per-market configuration (senders, quiet hours, caps), as an object in `cdk.json`
 * or a JSON string with `-c`. @default DEFAULT_MARKETS_CONFIG (placeholder senders on `stille.example`)
 */
export const MARKETS_CONFIG_CONTEXT = 'stille:marketsConfig';

/** The markets configuration of the app, validated, and its `MARKETS_CONFIG` value. */
export interface AppMarketsConfig {
  /** The configuration with defaults filled in. */
  readonly config: MarketsConfig;
  /** The JSON the functions get in `MARKETS_CONFIG` (at most 4096 characters, or synthesis fails). */
  readonly json: string;
}

/**
 * Reads the markets configuration from the context (or takes the default) and serializes it for
 * `MARKETS_CONFIG`. An invalid configuration fails synthesis with the field paths that are wrong.
 */
export function readMarketsConfig(scope: Construct): AppMarketsConfig {
  const raw: unknown = scope.node.tryGetContext(MARKETS_CONFIG_CONTEXT);
  let value: unknown = raw ?? DEFAULT_MARKETS_CONFIG;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch (cause) {
      throw new InvalidContextError(`${MARKETS_CONFIG_CONTEXT} is not JSON`, { cause });
    }
  }
  const config = parseMarketsConfig(value);
  const missing = marketsWithoutOwnSender(value, config);
  if (missing.length > 0) {
    throw new InvalidContextError(
      `${MARKETS_CONFIG_CONTEXT}: ${missing.map((market) => `markets.${market}.sender`).join(', ')}: ` +
        'required for a market that sends from its own domain. Without it every message would give ' +
        "the example profile's brand, phone number and web address to your customers.",
    );
  }
  return { config, json: serializeMarketsConfig(config) };
}

/** The placeholder domain of the default configuration: nothing is sent from it on AWS. */
const PLACEHOLDER_DOMAIN = 'stille.example';

/**
 * The markets that send e-mail from a real domain but name no sender profile of their own (so the
 * example one would be used). Read from the raw configuration, before defaults are filled in.
 */
export function marketsWithoutOwnSender(raw: unknown, config: MarketsConfig): string[] {
  const markets = (raw as { markets?: Record<string, { sender?: unknown }> } | null)?.markets ?? {};
  return CONFIGURED_MARKETS.filter((market) => {
    const domain = addressOfMailbox(config.markets[market].email.from)?.split('@')[1]?.toLowerCase();
    return domain !== undefined && domain !== PLACEHOLDER_DOMAIN && markets[market]?.sender === undefined;
  });
}

/**
 * The domains of the markets' e-mail senders (`stille.example` of `stille <varsel@stille.example>`),
 * lowercased and without duplicates: the SES identities stille sends from, as far as the configuration
 * names them.
 */
export function senderDomainsOf(config: MarketsConfig): string[] {
  const domains = new Set<string>();
  for (const market of CONFIGURED_MARKETS) {
    const address = addressOfMailbox(config.markets[market].email.from);
    const domain = address?.split('@')[1]?.toLowerCase();
    if (domain) domains.add(domain);
  }
  return [...domains].sort();
}

const ORIGINATION_ARN = /^arn:aws[a-z-]*:sms-voice:/;
const POOL_ID = /^pool-[A-Za-z0-9]+$/;
const PHONE_NUMBER_ID = /^phone-[A-Za-z0-9]+$/;
// An alphanumeric sender ID: 1-11 letters, digits, hyphens; at least one letter (else it is a number).
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/;

/**
 * The ARNs of the SMS origination identities the markets configuration names, where an ARN can be
 * told from it: an ARN as it is, a pool or phone number ID in this account and region, and a sender ID
 * for the market's country (`sender-id/STILLE/NO`). A bare phone number (`+4791234567`) names no ARN:
 * list its phone number ARN in the `stille:smsOriginationIdentities` context.
 */
export function originationIdentityArnsOf(config: MarketsConfig, scope: Construct): string[] {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: 'sms-voice', resource, resourceName });
  const arns = new Set<string>();
  for (const market of CONFIGURED_MARKETS) {
    const identity = config.markets[market].sms.originationIdentity;
    if (ORIGINATION_ARN.test(identity)) arns.add(identity);
    else if (POOL_ID.test(identity)) arns.add(arn('pool', identity));
    else if (PHONE_NUMBER_ID.test(identity)) arns.add(arn('phone-number', identity));
    else if (SENDER_ID.test(identity)) arns.add(arn('sender-id', `${identity}/${market}`));
  }
  return [...arns];
}
