/**
 * Measurement: what one sent price-change notice weighs in the Messages table and in its index by
 * customer, before (`byCustomer`, projection ALL) and after (`byCustomerSummary`, the keys and
 * `BY_CUSTOMER_ATTRIBUTES`, no bodies).
 *
 * The Messages table is the synthesized one (infra/data-store.ts with the upgrade flag, so it has both
 * indexes), created on dynalite as the embedded runtime creates it; the notice is the demo's first
 * announcement (examples/demo.json) worked out for a Norwegian household (`customerNotice`), rendered as
 * an email by the real template and written through the ledger (claim, then markSent). Each size is the
 * item as that table or index returns it: its DynamoDB JSON (what dynalite keeps), its item size by
 * DynamoDB's rules (names and values in UTF-8, numbers about 1 byte per 2 digits, 3 bytes per map or
 * list and 1 per element), and the write units one write of it costs (1 per started KB).
 *
 *   npm exec -- node bench/messages-index-entry.ts
 */
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { BY_CUSTOMER_INDEX, DynamoMessageLedger, messageIdFor } from '#adapters/dynamo/messages.ts';
import { DEFAULT_QUIET_HOURS } from '#domain/config/markets.ts';
import type { PriceChangeAnnounced } from '#domain/contracts/index.ts';
import { customerNotice } from '#domain/price-changes/index.ts';
import { DataStore, LEGACY_MESSAGES_INDEX } from '#infra/data-store.ts';
import type { CloudFormationResource } from '#local/cfn/template.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { startDynamoDb } from '#local/services/dynamodb.ts';
import { createTableInput } from '#local/services/tables.ts';
import { renderMessage } from '#templates/index.ts';

const NOW = new Date('2027-01-10T09:00:00Z');
const CUSTOMER = 'c-000001';
const ANNOUNCED: PriceChangeAnnounced = {
  priceChangeId: 'pc-2027-03-var-no1',
  tariffId: 'var-no1',
  market: 'NO',
  currency: 'NOK',
  component: 'energy',
  oldPrice: 0.95,
  newPrice: 1.04,
  effectiveDate: '2027-03-01',
  announcedAt: NOW.toISOString(),
  reasons: [
    { code: 'grid-fee' },
    {
      code: 'wholesale-cost',
      text: {
        'nb-NO': 'Vi kjøper inn strømmen dyrere denne vinteren, fordi magasinfyllingen i Sør-Norge er lav.',
        'sv-SE': 'Vi köper in elen dyrare i vinter, eftersom vattenmagasinen i södra Norge är låga.',
        'en-GB':
          'We pay more for power this winter, because the hydro reservoirs in southern Norway are low.',
      },
    },
  ],
  alternatives: [
    {
      tariffId: 'fix-12m-no',
      name: { 'nb-NO': 'Fastpris 12 mnd', 'sv-SE': 'Fast pris 12 mån', 'en-GB': 'Fixed price 12 months' },
      component: 'energy',
      price: 0.99,
      bindingMonths: 12,
      url: 'https://stille.example/bytt/fix-12m-no',
    },
  ],
};

/** The Messages table of the synthesized DataStore, with the legacy index kept beside the new one. */
function messagesTableResource(): { logicalId: string; resource: CloudFormationResource } {
  const app = new App();
  const stack = new Stack(app, 'Measure');
  const data = new DataStore(stack, 'Data', { legacyMessagesIndex: true });
  const logicalId = stack.getLogicalId(data.messages.node.defaultChild as CfnResource);
  const template = app.synth().getStackByName('Measure').template as {
    Resources: Record<string, CloudFormationResource>;
  };
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`No ${logicalId} in the synthesized template`);
  return { logicalId, resource };
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** The size of a value by DynamoDB's item-size rules. */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined)
    return Math.ceil(value.N.replace(/[-.]|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M !== undefined) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  throw new Error(`Unmeasured attribute value ${JSON.stringify(value)}`);
}

function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

function describe(label: string, item: Record<string, AttributeValue> | undefined): Record<string, unknown> {
  if (!item) throw new Error(`${label}: no item`);
  const bytes = itemBytes(item);
  return {
    where: label,
    attributes: Object.keys(item).length,
    dynamoJsonBytes: utf8(JSON.stringify(item)),
    itemBytes: bytes,
    writeUnits: Math.ceil(bytes / 1024),
  };
}

async function main(): Promise<void> {
  const notice = customerNotice({
    change: ANNOUNCED,
    customer: {
      customerId: CUSTOMER,
      market: 'NO',
      segment: 'household',
      timeZone: 'Europe/Oslo',
      products: [
        { productId: 'p-000001-el', kind: 'electricity', tariffId: 'var-no1', contract: 'open-ended' },
      ],
    },
    productId: 'p-000001-el',
    history: [],
    now: NOW,
    quietHours: DEFAULT_QUIET_HOURS,
  });
  if (!notice.affected) throw new Error(`The customer gets no notice: ${notice.reason}`);
  const { request } = notice;
  const rendered = renderMessage({
    kind: 'price-change-notice',
    locale: 'nb-NO',
    channel: 'email',
    customer: {
      customerId: CUSTOMER,
      name: 'Kari Nordmann',
      market: 'NO',
      timeZone: 'Europe/Oslo',
      paymentMethod: 'direct-debit',
    },
    facts: request.facts,
    links: {},
  });

  const { logicalId, resource } = messagesTableResource();
  const dynamo = await startDynamoDb();
  const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  try {
    const input = createTableInput(logicalId, resource);
    const table = input.TableName ?? logicalId;
    await client.send(new CreateTableCommand(input));
    const ledger = new DynamoMessageLedger(
      DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      table,
    );
    const claimant = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:measure:1';
    await ledger.claim(
      {
        messageId: messageIdFor(request.dedupeKey),
        dedupeKey: request.dedupeKey,
        customerId: CUSTOMER,
        kind: 'price-change-notice',
        purpose: 'service',
        locale: rendered.locale,
        trigger: request.trigger,
        facts: request.facts,
        channel: 'email',
        to: 'kari.nordmann@example.no',
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      },
      claimant,
      NOW,
    );
    await ledger.markSent(request.dedupeKey, {
      providerMessageId: '0100018f-measure',
      sentAt: new Date(NOW.getTime() + 1_000).toISOString(),
      channel: 'email',
      to: 'kari.nordmann@example.no',
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      locale: rendered.locale,
    });

    const query = async (indexName?: string) =>
      (
        await client.send(
          new QueryCommand({
            TableName: table,
            ...(indexName === undefined
              ? {
                  KeyConditionExpression: 'dedupeKey = :k',
                  ExpressionAttributeValues: { ':k': { S: request.dedupeKey } },
                }
              : {
                  IndexName: indexName,
                  KeyConditionExpression: 'customerId = :c',
                  ExpressionAttributeValues: { ':c': { S: CUSTOMER } },
                }),
          }),
        )
      ).Items?.[0];
    const rows = [
      describe('table item', await query()),
      describe(`index ${LEGACY_MESSAGES_INDEX} (ALL, before)`, await query(LEGACY_MESSAGES_INDEX)),
      describe(`index ${BY_CUSTOMER_INDEX} (INCLUDE, after)`, await query(BY_CUSTOMER_INDEX)),
    ];
    console.table(rows);
    console.log(
      `bodies: html ${utf8(rendered.html ?? '')} B, text ${utf8(rendered.text)} B, ` +
        `subject ${utf8(rendered.subject)} B; ` +
        `facts ${utf8(JSON.stringify(request.facts))} B as JSON`,
    );
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

await main();
