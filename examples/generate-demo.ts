/**
 * Writes examples/demo.json, the scenario `npm start` plays: "Nordic demo".
 * Run with `npm run demo:generate` (or `npm exec -- node examples/generate-demo.ts`) and commit the output.
 */

import { writeFile } from 'node:fs/promises';
import { isHeldOut } from '#domain/campaigns/holdout.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type Customer, formatScenarioJson, generateScenarioDetailed } from '../bench/generate-scenario.ts';

const generated = generateScenarioDetailed({
  name: 'Nordic demo',
  // A hundred customers in each of the four markets, Finnish (some Finland-Swedish) and Danish ones too.
  customers: 400,
  seed: 2027,
  start: '2027-01-01T00:00:00Z',
  months: 2,
  markets: ['NO', 'SE', 'FI', 'DK'],
  // January's invoices arrive one event each; February's as one billing run file.
  invoiceRunMonths: [1],
  priceChanges: true,
  includeInvalid: 3,
  // A few surprising invoices, each kind of surprise at least once: consumption spikes, late fees (a
  // new charge), two invoices billing sends twice in February's run (one message each, telling the whole
  // story), four SMS customers whose January invoice arrives at 23:30 local time, so the explanation waits
  // for 08:00, two price spikes in February's run (the usual consumption at twice the energy price), and
  // two lasting changes (consumption 1.7 × from January: explained in January, not again in February).
  surprises: {
    spikeRate: 0.03,
    lateFeeRate: 0.015,
    duplicates: 2,
    nightInvoices: 4,
    priceSpikes: 2,
    lastingChanges: 2,
  },
});
const { scenario } = generated;
type ScenarioEvent = (typeof scenario.events)[number];
// The generator's customers are `Customer Upserted` details; the scenario type only says "objects".
const customers = scenario.customers as Customer[];

/**
 * Marketing's campaigns, as marketing sends them (`Campaign Scheduled`): a Norwegian fixed-price offer to
 * customers whose electricity binding ends within 60 days, at 10:00 on each customer's own clock, with
 * 10 % held out to measure it against (previewed first with `dryRun`, on the same data, sending
 * nothing); and a monthly energy-saving letter to every household, whose audience is evaluated afresh
 * at each run. The send gate sends each message to those with marketing consent and an open channel,
 * at most two marketing messages in 30 days, and records why it held back the others.
 */
const fixedPrice = {
  campaignId: 'cmp-2027-02-fixed-no',
  name: 'Fixed price before your binding ends (Norway)',
  kind: 'campaign-message',
  audience: {
    all: [
      { attribute: 'market', in: ['NO'] },
      {
        product: {
          all: [
            { attribute: 'kind', in: ['electricity'] },
            { attribute: 'bindingEndsWithinDays', lte: 60 },
          ],
        },
      },
    ],
  },
  schedule: { date: '2027-02-10', localTime: '10:00' },
  holdoutPercent: 10,
  maxPerSecond: 20,
  fallbackLocale: 'nb-NO',
  content: {
    'nb-NO': {
      subject: 'Bindingen din går snart ut – lås prisen nå',
      heading: 'Vet hva strømmen koster, også neste vinter',
      paragraphs: [
        'Strømavtalen din med fast pris går ut om kort tid. Etter det får du vår variable pris, som følger markedet.',
        'Vil du heller vite hva du betaler? Med Fastpris 24 måneder er prisen den samme hver måned, uansett hva som skjer i markedet. Du kan bytte når som helst før bindingen går ut.',
      ],
      action: { text: 'Se Fastpris 24 måneder', url: 'https://stille.example/no/fastpris-24' },
      sms: 'Hei {firstName}! Fastprisavtalen din går snart ut. Lås prisen i 24 måneder: https://stille.example/no/fastpris-24',
    },
    'en-GB': {
      subject: 'Your binding period ends soon: lock in your price',
      heading: 'Know what your electricity costs, next winter too',
      paragraphs: [
        'Your fixed-price electricity agreement ends soon. After that you pay our variable price, which follows the market.',
        'Would you rather know what you pay? With Fixed price 24 months the price is the same every month, whatever the market does. You can switch any time before your binding ends.',
      ],
      action: { text: 'See Fixed price 24 months', url: 'https://stille.example/no/fastpris-24' },
    },
  },
};
const monthlyTips = {
  campaignId: 'cmp-monthly-saving-tips',
  name: 'Monthly energy-saving tips',
  kind: 'campaign-message',
  audience: {
    all: [
      { attribute: 'segment', in: ['household'] },
      { product: { attribute: 'kind', in: ['electricity'] } },
    ],
  },
  schedule: { cron: '0 10 15 * ? *', timeZone: 'Europe/Oslo', from: '2027-01-10T00:00:00Z' },
  holdoutPercent: 5,
  fallbackLocale: 'en-GB',
  content: {
    'nb-NO': {
      subject: 'Månedens strømsparetips',
      heading: 'Tre små grep som senker strømregningen',
      paragraphs: [
        'Senk innetemperaturen med én grad: det sparer rundt fem prosent av oppvarmingen.',
        'Vask med fulle maskiner og på lavere temperatur, og slå av varmtvannsberederen når du er bortreist.',
      ],
      sms: 'Hei {firstName}! Månedens strømsparetips: senk innetemperaturen med én grad, så sparer du rundt fem prosent av oppvarmingen.',
    },
    'sv-SE': {
      subject: 'Månadens energispartips',
      heading: 'Tre små knep som sänker elräkningen',
      paragraphs: [
        'Sänk inomhustemperaturen med en grad: det sparar ungefär fem procent av uppvärmningen.',
        'Tvätta med fulla maskiner och på lägre temperatur, och stäng av varmvattenberedaren när du är bortrest.',
      ],
      sms: 'Hej {firstName}! Månadens energispartips: sänk inomhustemperaturen en grad, så sparar du ungefär fem procent av uppvärmningen.',
    },
    'en-GB': {
      subject: 'This month’s energy-saving tips',
      heading: 'Three small steps that lower your electricity bill',
      paragraphs: [
        'Lower the indoor temperature by one degree: it saves about five per cent of the heating.',
        'Run full loads at lower temperatures, and switch off the water heater when you are away.',
      ],
      sms: "Hello {firstName}! This month's energy-saving tip: lower the indoor temperature by one degree to save about five per cent of the heating.",
    },
    'fi-FI': {
      subject: 'Kuukauden energiansäästövinkit',
      heading: 'Kolme pientä keinoa pienentää sähkölaskua',
      paragraphs: [
        'Laske sisälämpötilaa asteella: se säästää noin viisi prosenttia lämmityksestä.',
        'Pese täysiä koneellisia matalammassa lämpötilassa, ja katkaise lämminvesivaraajasta virta, kun olet pidempään poissa.',
      ],
      sms: 'Hei {firstName}! Kuukauden säästövinkki: laske sisälämpötilaa asteella, niin säästät noin viisi prosenttia lämmityksestä.',
    },
    'sv-FI': {
      subject: 'Månadens energispartips',
      heading: 'Tre små knep som sänker elräkningen',
      paragraphs: [
        'Sänk inomhustemperaturen med en grad: det sparar ungefär fem procent av uppvärmningen.',
        'Tvätta fulla maskiner på lägre temperatur, och stäng av varmvattenberedaren när du är borta en längre tid.',
      ],
      sms: 'Hej {firstName}! Månadens energispartips: sänk inomhustemperaturen en grad, så sparar du ungefär fem procent av uppvärmningen.',
    },
    'da-DK': {
      subject: 'Månedens tip til at spare på strømmen',
      heading: 'Tre små greb, der sænker elregningen',
      paragraphs: [
        'Skru én grad ned for varmen: det sparer omkring fem procent af opvarmningen.',
        'Vask med fyldte maskiner og ved lavere temperatur, og sluk for varmtvandsbeholderen, når du er væk i længere tid.',
      ],
      sms: 'Hej {firstName}! Månedens sparetip: skru én grad ned for varmen, så sparer du omkring fem procent af opvarmningen.',
    },
  },
};
const campaign: ScenarioEvent[] = [
  {
    at: '2027-01-05T09:00:00Z',
    source: 'marketing',
    detailType: DETAIL_TYPE.campaignScheduled,
    detail: monthlyTips,
  },
  // The preview a week ahead: the same audience and decisions, nothing claimed or sent.
  {
    at: '2027-02-01T09:00:00Z',
    source: 'marketing',
    detailType: DETAIL_TYPE.campaignScheduled,
    detail: { ...fixedPrice, dryRun: true },
  },
  {
    at: '2027-02-02T09:00:00Z',
    source: 'marketing',
    detailType: DETAIL_TYPE.campaignScheduled,
    detail: fixedPrice,
  },
];

/**
 * Support stories, one of each kind, for customers picked from the generated base: a ticket answered in
 * time (no notice), one answered late (one notice at the due time), one left unanswered for days (two
 * notices and a support-delay alert), one falling due at night for an SMS customer (the notice waits for
 * 08:00), each resolution followed two hours later by a CSAT survey, and a renewal followed by an NPS one.
 */
const withSurveyConsent = customers.filter(
  (c) => c.consents.surveys && c.email && c.preferredChannel === 'email',
);
const smsCustomer = customers.find(
  (c) => c.market === 'NO' && c.preferredChannel === 'sms' && c.phone && c.consents.surveys,
);
const surveyedIn = (market: Customer['market']) => withSurveyConsent.filter((c) => c.market === market);
const supportStories: ScenarioEvent[] = [];
const story = (
  ticketId: string,
  customer: Customer | undefined,
  times: { opened: string; due: string; answered?: string; resolved?: string },
) => {
  if (!customer) return;
  const { customerId } = customer;
  supportStories.push({
    at: times.opened,
    source: 'support',
    detailType: DETAIL_TYPE.supportTicketOpened,
    detail: {
      ticketId,
      customerId,
      category: 'invoice-question',
      priority: 'high',
      openedAt: times.opened,
      responseDueAt: times.due,
    },
  });
  if (times.answered) {
    supportStories.push({
      at: times.answered,
      source: 'support',
      detailType: DETAIL_TYPE.supportTicketUpdated,
      detail: { ticketId, customerId, status: 'answered', at: times.answered },
    });
  }
  if (times.resolved) {
    supportStories.push({
      at: times.resolved,
      source: 'support',
      detailType: DETAIL_TYPE.supportTicketResolved,
      detail: { ticketId, customerId, resolvedAt: times.resolved },
    });
  }
};
// Answered two hours before the promise: no notice; resolved at 14:00, surveyed at 16:00.
story('t-demo-in-time', withSurveyConsent[0], {
  opened: '2027-01-18T08:15:00Z',
  due: '2027-01-18T16:15:00Z',
  answered: '2027-01-18T11:40:00Z',
  resolved: '2027-01-18T13:00:00Z',
});
// Due at 15:00, answered at 19:30: one notice at 15:00, then the survey after the resolution, in Finnish.
story('t-demo-late', surveyedIn('FI')[0] ?? withSurveyConsent[1], {
  opened: '2027-01-19T07:00:00Z',
  due: '2027-01-19T15:00:00Z',
  answered: '2027-01-19T19:30:00Z',
  resolved: '2027-01-20T09:00:00Z',
});
// Nobody answers for two days: a notice at the due time, a second a day later, and support is alerted;
// a Danish customer, told in Danish.
story('t-demo-very-late', surveyedIn('DK')[0] ?? withSurveyConsent[2], {
  opened: '2027-01-20T09:30:00Z',
  due: '2027-01-20T13:30:00Z',
  answered: '2027-01-22T10:00:00Z',
  resolved: '2027-01-22T12:00:00Z',
});
// Due at 23:30 in Oslo for an SMS customer: the notice waits out quiet hours and goes at 08:00.
story('t-demo-night', smsCustomer, {
  opened: '2027-01-21T14:30:00Z',
  due: '2027-01-21T22:30:00Z',
  answered: '2027-01-22T09:15:00Z',
  resolved: '2027-01-22T15:00:00Z',
});
// A renewal followed by one NPS question two hours later, to a Finland-Swedish customer when there is one.
const renewing = withSurveyConsent.find((c) => c.locale === 'sv-FI') ?? withSurveyConsent[3];
const renewedProduct = renewing?.products[0];
if (renewing && renewedProduct) {
  supportStories.push({
    at: '2027-01-25T10:00:00Z',
    source: 'crm',
    detailType: DETAIL_TYPE.contractRenewed,
    detail: {
      customerId: renewing.customerId,
      productId: renewedProduct.productId,
      renewedAt: '2027-01-25T10:00:00Z',
      bindingEndsOn: '2028-01-31',
    },
  });
}

/**
 * Retention offers: marketing's catalog, published on 12 January, two days after the Norwegian price
 * increase was announced. The automatic program offers, each morning at 10:00 on the customer's clock,
 * the offer worth most to each customer with a new risk signal: a fixed price for a longer binding to
 * Norwegians whose price went up or whose binding ends, a discount to Swedes at risk. 20 % are held out
 * to measure it. A loyalty bonus is campaign-only: a retention-offer campaign sends it in February to
 * long-standing Norwegian households at risk who were not offered anything yet. Some customers accept
 * (their click on the offer page, `actions`), and CRM reports some contracts ending (`Contract Ended`),
 * among offered and held-out customers, so the report has something to compare.
 */
const CATALOG_ID = '2027-01';
const CATALOG_HOLDOUT = 20;
const catalog = {
  catalogId: CATALOG_ID,
  holdoutPercent: CATALOG_HOLDOUT,
  offers: [
    {
      offerId: 'fix-24m-no',
      name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
      market: 'NO',
      eligibility: {
        segments: ['household'],
        productKinds: ['electricity'],
        signals: ['price-increase', 'binding-ending'],
      },
      benefit: {
        type: 'tariff',
        tariffId: 'fix-24m-no',
        component: 'energy',
        price: 0.96,
        bindingMonths: 24,
      },
      validUntil: '2027-03-31',
    },
    {
      offerId: 'loyalty-bonus-no',
      name: { 'nb-NO': 'Lojalitetsbonus', 'en-GB': 'Loyalty bonus' },
      market: 'NO',
      eligibility: { segments: ['household'], minTenureMonths: 36, signals: ['long-tenure'] },
      benefit: { type: 'bonus', amount: 500 },
      validUntil: '2027-03-31',
      automatic: false,
    },
    {
      offerId: 'discount-10-se',
      name: { 'sv-SE': '10 % lojalitetsrabatt', 'en-GB': '10 % loyalty discount' },
      market: 'SE',
      eligibility: { segments: ['household'], productKinds: ['electricity'] },
      benefit: { type: 'discount', percent: 10, months: 12 },
      validUntil: '2027-03-31',
    },
  ],
};
const loyaltyCampaign = {
  campaignId: 'cmp-2027-02-loyalty-no',
  name: 'Loyalty bonus for long-standing customers at risk (Norway)',
  kind: 'retention-offer',
  offerId: 'loyalty-bonus-no',
  audience: {
    all: [
      { attribute: 'market', in: ['NO'] },
      { attribute: 'tenureMonths', gte: 36 },
      { attribute: 'churnRisk', in: ['low', 'medium', 'high'] },
    ],
  },
  schedule: { date: '2027-02-16', localTime: '10:00' },
  holdoutPercent: 20,
  fallbackLocale: 'nb-NO',
};
// Who the program will offer something, as far as the generator can tell: Norwegian households on the
// raised tariff with marketing consent and e-mail; of them, held out or not by the catalog's hash.
const raisedTariff = customers.filter(
  (c) =>
    c.market === 'NO' &&
    c.segment === 'household' &&
    c.consents.marketing &&
    c.email &&
    c.preferredChannel === 'email' &&
    c.products.some(
      (p) => p.kind === 'electricity' && p.tariffId === 'var-no1' && p.contract === 'open-ended',
    ),
);
const offered = raisedTariff.filter((c) => !isHeldOut(CATALOG_ID, c.customerId, CATALOG_HOLDOUT));
const heldOut = raisedTariff.filter((c) => isHeldOut(CATALOG_ID, c.customerId, CATALOG_HOLDOUT));
const electricityOf = (c: Customer) => c.products.find((p) => p.kind === 'electricity');
const accepting = offered.slice(0, 4);
const leaving = [...heldOut.slice(0, 3), ...offered.slice(4, 5)];
const retention: ScenarioEvent[] = [
  {
    at: '2027-01-12T09:00:00Z',
    source: 'marketing',
    detailType: DETAIL_TYPE.offerCatalogPublished,
    detail: catalog,
  },
  {
    at: '2027-02-08T09:00:00Z',
    source: 'marketing',
    detailType: DETAIL_TYPE.campaignScheduled,
    detail: loyaltyCampaign,
  },
  ...leaving.flatMap((c, i): ScenarioEvent[] => {
    const product = electricityOf(c);
    if (!product) return [];
    const endedAt = `2027-02-${String(5 + i * 4).padStart(2, '0')}T12:00:00Z`;
    return [
      {
        at: endedAt,
        source: 'crm',
        detailType: DETAIL_TYPE.contractEnded,
        detail: {
          customerId: c.customerId,
          productId: product.productId,
          endedAt,
          reason: i === 3 ? 'moved' : 'switched-supplier',
        },
      },
    ];
  }),
];
// The customers who accept: the day after their offer, in the evening, on the offer page.
scenario.actions = accepting.map((c, i) => ({
  at: `2027-01-14T${String(17 + i).padStart(2, '0')}:30:00Z`,
  customerId: c.customerId,
  action: 'accept-offer' as const,
}));

// The invalid events keep their identity through the sort, so their new positions can be read off.
const invalidEvents = generated.invalid.map((note) => ({ note, event: scenario.events[note.index] }));
scenario.events = [...scenario.events, ...campaign, ...supportStories, ...retention]
  .map((event, i) => ({ event, i }))
  .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.i - b.i)
  .map(({ event }) => event);
const invalid = invalidEvents.map(({ note, event }) => ({
  ...note,
  index: event === undefined ? -1 : scenario.events.indexOf(event),
}));

const target = new URL('./demo.json', import.meta.url);
const text = formatScenarioJson(scenario);
await writeFile(target, text);

const byType = new Map<string, number>();
for (const event of scenario.events) byType.set(event.detailType, (byType.get(event.detailType) ?? 0) + 1);
const lines = [
  `Wrote ${target.pathname} (${(Buffer.byteLength(text) / 1_048_576).toFixed(1)} MB)`,
  `  ${scenario.customers.length} customers, ${scenario.history?.invoices?.length ?? 0} history invoices`,
  ...[...byType].map(([type, count]) => `  ${count} × ${type}`),
  ...Object.entries(scenario.files ?? {}).map(([location, items]) => `  ${location}: ${items.length} lines`),
  `  ${scenario.actions?.length ?? 0} customer actions (accepting an offer)`,
  ...invalid.map((note) => `  invalid on purpose: events[${note.index}] ${note.detailType} (${note.kind})`),
];
process.stdout.write(`${lines.join('\n')}\n`);
