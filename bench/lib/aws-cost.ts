/**
 * A model of what a run would cost on AWS, from what the embedded runtime counted. Pure arithmetic on
 * public list prices; nothing here is measured on AWS.
 */

/**
 * On-demand list prices in **us-east-1 (N. Virginia)**, USD, from the public AWS pricing pages as last
 * known to us (DynamoDB after its November 2024 cut). Prices change: check them before quoting. Free
 * tiers are ignored. eu-north-1 (Stockholm) charges the same for Step Functions Standard ($0.025 per
 * 1,000 transitions); its other prices may differ slightly.
 */
export const US_EAST_1_PRICES = {
  region: 'us-east-1',
  /** Step Functions Standard: $0.025 per 1,000 state transitions (retries included). */
  standardTransition: 0.025 / 1_000,
  /** Step Functions Express: $1.00 per million requests (executions started). */
  expressRequest: 1.0 / 1_000_000,
  /**
   * Step Functions Express duration, first tier (first 1,000 GB-hours a month): $0.00001667 per
   * GB-second. Duration is rounded up to 100 ms, memory to 64 MB chunks.
   */
  expressGbSecond: 0.00001667,
  /** Lambda: $0.20 per million requests. */
  lambdaRequest: 0.2 / 1_000_000,
  /** Lambda on arm64 (Graviton), first tier (7.5 billion GB-seconds a month): $0.0000133334 per GB-second, billed per 1 ms. */
  lambdaArmGbSecond: 0.0000133334,
  /** DynamoDB on demand: $0.625 per million write request units (one WRU writes up to 1 KB). */
  dynamoWriteRequestUnit: 0.625 / 1_000_000,
  /** DynamoDB on demand: $0.125 per million read request units (4 KB strongly consistent, 8 KB eventually). */
  dynamoReadRequestUnit: 0.125 / 1_000_000,
  /** S3 Standard: $0.005 per 1,000 PUT, COPY, POST and LIST requests. */
  s3WriteRequest: 0.005 / 1_000,
  /** S3 Standard: $0.0004 per 1,000 GET and other requests. */
  s3ReadRequest: 0.0004 / 1_000,
  /** EventBridge: $1.00 per million custom events published (each 64 KB chunk of an entry is one event). */
  eventBridgeCustomEvent: 1.0 / 1_000_000,
} as const;

/** What the model assumes where the embedded runtime cannot measure AWS. */
export interface CostAssumptions {
  /**
   * Average billed duration of one warm Lambda invocation, in ms. The embedded runtime runs handlers
   * in-process against a local DynamoDB, so it cannot measure this; 30 ms is a validation plus one to
   * four single-digit-millisecond DynamoDB calls. Cold starts (init) are not included.
   */
  lambdaAverageMs: number;
  /** Step Functions' own time per Express execution (state entry, Lambda integration), in ms. */
  expressOverheadMs: number;
  /** Memory an Express execution is billed for: the smallest chunk, 64 MB, holds these small payloads. */
  expressMemoryMb: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  lambdaAverageMs: 30,
  expressOverheadMs: 20,
  expressMemoryMb: 64,
};

/** What a run used, as counted by the embedded runtime and the benchmark. */
export interface Usage {
  /** Events published on the bus (scenario events and customers). */
  eventsPublished: number;
  standardTransitions: number;
  expressExecutions: number;
  /** Seconds Express executions spent in Wait states, billed on top of their working time. */
  expressWaitSeconds?: number;
  /** Lambda invocations by function, with each function's configured memory. */
  lambda: Array<{ function: string; invocations: number; memoryMb: number }>;
  /** DynamoDB write request units consumed. */
  dynamoWriteRequestUnits: number;
  /** DynamoDB read request units consumed; priced only when given (older benchmarks leave reads out). */
  dynamoReadRequestUnits?: number;
  /** S3 requests; priced only when given. */
  s3Requests?: { writes: number; reads: number };
  /**
   * Lambda GB-seconds known better than the flat assumption (a long StartRun), for functions left out
   * of `lambda`'s duration: `invocations` there still count as requests.
   */
  extraLambdaGbSeconds?: { label: string; gbSeconds: number };
}

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostModel {
  region: string;
  lines: CostLine[];
  totalUsd: number;
  perThousandEventsUsd: number;
  /** The billed duration the model charges each Express execution, in ms. */
  expressBilledMs: number;
}

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * Prices a run. Express duration is estimated per execution as its share of Lambda time plus
 * overhead, rounded up to 100 ms: every Lambda invocation is assumed to run inside an Express execution,
 * which holds for runs without Standard workflows and overestimates a little otherwise.
 */
export function modelCost(
  usage: Usage,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
  prices = US_EAST_1_PRICES,
): CostModel {
  const invocations = usage.lambda.reduce((sum, fn) => sum + fn.invocations, 0);
  const lambdaGbSeconds = usage.lambda.reduce(
    (sum, fn) => sum + fn.invocations * (fn.memoryMb / 1024) * (assumptions.lambdaAverageMs / 1000),
    0,
  );
  const invocationsPerExpress = usage.expressExecutions > 0 ? invocations / usage.expressExecutions : 0;
  const expressBilledMs = ceilTo(
    invocationsPerExpress * assumptions.lambdaAverageMs + assumptions.expressOverheadMs,
    100,
  );
  const expressGbSeconds =
    (ceilTo(assumptions.expressMemoryMb, 64) / 1024) *
    (usage.expressExecutions * (expressBilledMs / 1000) + (usage.expressWaitSeconds ?? 0));

  const lines: CostLine[] = [
    {
      item: 'EventBridge custom events',
      quantity: usage.eventsPublished,
      unit: 'events',
      usd: usage.eventsPublished * prices.eventBridgeCustomEvent,
    },
    {
      item: 'Step Functions Standard',
      quantity: usage.standardTransitions,
      unit: 'transitions',
      usd: usage.standardTransitions * prices.standardTransition,
    },
    {
      item: 'Step Functions Express requests',
      quantity: usage.expressExecutions,
      unit: 'executions',
      usd: usage.expressExecutions * prices.expressRequest,
    },
    {
      item: 'Step Functions Express duration',
      quantity: expressGbSeconds,
      unit: 'GB-s',
      usd: expressGbSeconds * prices.expressGbSecond,
    },
    {
      item: 'Lambda requests',
      quantity: invocations,
      unit: 'invocations',
      usd: invocations * prices.lambdaRequest,
    },
    {
      item: 'Lambda duration (arm64)',
      quantity: lambdaGbSeconds,
      unit: 'GB-s',
      usd: lambdaGbSeconds * prices.lambdaArmGbSecond,
    },
    {
      item: 'DynamoDB writes (on demand)',
      quantity: usage.dynamoWriteRequestUnits,
      unit: 'WRU',
      usd: usage.dynamoWriteRequestUnits * prices.dynamoWriteRequestUnit,
    },
  ];
  if (usage.extraLambdaGbSeconds) {
    lines.push({
      item: `Lambda duration (arm64), ${usage.extraLambdaGbSeconds.label}`,
      quantity: usage.extraLambdaGbSeconds.gbSeconds,
      unit: 'GB-s',
      usd: usage.extraLambdaGbSeconds.gbSeconds * prices.lambdaArmGbSecond,
    });
  }
  if (usage.dynamoReadRequestUnits !== undefined) {
    lines.push({
      item: 'DynamoDB reads (on demand)',
      quantity: usage.dynamoReadRequestUnits,
      unit: 'RRU',
      usd: usage.dynamoReadRequestUnits * prices.dynamoReadRequestUnit,
    });
  }
  if (usage.s3Requests) {
    lines.push(
      {
        item: 'S3 PUT/LIST requests',
        quantity: usage.s3Requests.writes,
        unit: 'requests',
        usd: usage.s3Requests.writes * prices.s3WriteRequest,
      },
      {
        item: 'S3 GET requests',
        quantity: usage.s3Requests.reads,
        unit: 'requests',
        usd: usage.s3Requests.reads * prices.s3ReadRequest,
      },
    );
  }
  const totalUsd = lines.reduce((sum, line) => sum + line.usd, 0);
  return {
    region: prices.region,
    lines,
    totalUsd,
    perThousandEventsUsd: usage.eventsPublished > 0 ? (totalUsd / usage.eventsPublished) * 1000 : 0,
    expressBilledMs,
  };
}

/**
 * SES v2 outbound email: $0.10 per 1,000 emails (us-east-1 and eu-north-1 alike), attachments and
 * dedicated IPs aside. The price of "the email itself", which stille's orchestration should stay close to.
 */
export const SES_EMAIL_PRICE_USD = 0.1 / 1_000;

/**
 * **Assumed**, not a quoted price: USD per SMS part to a Norwegian or Swedish number through AWS End
 * User Messaging SMS. SMS prices depend on the destination country (and change with carrier fees); check
 * https://aws.amazon.com/end-user-messaging/pricing/ before quoting. 0.07 is an order of magnitude for
 * Nordic destinations, used only to set the orchestration cost next to the price of the text itself.
 */
export const ASSUMED_NORDIC_SMS_PART_PRICE_USD = 0.07;

/** The GSM 03.38 basic character set (and its extension table, whose characters take two septets). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€';

/**
 * How many SMS parts a text is billed as: GSM-7 texts take 160 septets in one part, 153 a part when
 * split; a text with any other character is UCS-2, 70 characters in one part, 67 a part when split.
 */
export function smsParts(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = [...text].reduce((sum, char) => sum + ((char.codePointAt(0) ?? 0) > 0xffff ? 2 : 1), 0);
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** What the channels themselves charge for what a run sent. */
export interface ProviderUsage {
  emailsSent: number;
  smsSent: number;
  /** SMS parts billed (a long or non-GSM text is several). */
  smsParts: number;
}

/** The providers' own price of what was sent: SES per email, End User Messaging per SMS part (assumed price). */
export function providerCost(usage: ProviderUsage): CostLine[] {
  return [
    {
      item: 'SES outbound email',
      quantity: usage.emailsSent,
      unit: 'emails',
      usd: usage.emailsSent * SES_EMAIL_PRICE_USD,
    },
    {
      item: 'SMS (assumed NO/SE price per part)',
      quantity: usage.smsParts,
      unit: 'SMS parts',
      usd: usage.smsParts * ASSUMED_NORDIC_SMS_PART_PRICE_USD,
    },
  ];
}

/**
 * The cost model as table rows: item, quantity, unit, USD in all and USD per `per(usd)` (per 1,000 of
 * whatever the benchmark counts), with a total row. USD to three significant figures.
 */
export function costRows(cost: CostModel, per: (usd: number) => number): Array<Array<string | number>> {
  const usd = (value: number) => Number(value.toPrecision(3));
  return [
    ...cost.lines.map((line) => [
      line.item,
      Math.round(line.quantity * 100) / 100,
      line.unit,
      usd(line.usd),
      usd(per(line.usd)),
    ]),
    ['total', '', '', usd(cost.totalUsd), usd(per(cost.totalUsd))],
  ];
}
