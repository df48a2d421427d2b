/**
 * What StartCampaignRun does for a `retention-offer` run (the automatic program, or a campaign of one
 * offer): the current catalog, each customer's signals and churn risk, and whether and which offer they
 * get (docs/retention.md). The domain decides; this reads what it needs and no more (invoices only for a
 * customer an offer may follow). Not a Lambda entry.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CustomerRecord, Repositories, StoredRisk } from '#adapters/dynamo/index.ts';
import { localSendAt } from '#domain/campaigns/schedule.ts';
import { currencyOfMarket } from '#domain/config/market-table.ts';
import { type MarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { localTimeParts } from '#domain/contact-policy/zoned-time.ts';
import type { CampaignScheduled } from '#domain/contracts/campaigns.ts';
import {
  type EvaluatedCustomer,
  type EvaluationInputs,
  evaluate,
  type Screening,
  screen,
} from '#domain/retention/evaluate.ts';
import type { RetentionOfferFacts } from '#domain/retention/offers.ts';
import { OFFER_LOCAL_TIME, offerDate, RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import type { SentWithFacts, SurveyAnswer } from '#domain/retention/signals.ts';

/** What became of one customer at the run. */
export interface RetentionOutcome {
  /** The offer's facts, when they get one. */
  facts?: RetentionOfferFacts;
  /** When it goes (the program: by day on their clock); absent: the campaign's own time. */
  sendAt?: string;
  /** The churn risk to store (the program), when it changed. */
  store?: StoredRisk;
}

/** A retention-offer run. */
export interface RetentionRun {
  /** The automatic program (else a retention-offer campaign). */
  program: boolean;
  catalogId: string;
  /** What the holdout hashes with the customer: the catalog for the program, else the campaign. */
  holdoutKey: string;
  mode: EvaluationInputs['mode'];
  decide(
    customer: CustomerRecord,
    screening: Screening,
    sent: readonly SentWithFacts[],
    answers: readonly SurveyAnswer[],
    now: Date,
    today: string,
  ): Promise<RetentionOutcome>;
}

/**
 * The run of a retention-offer campaign or of the program, on the current catalog. No catalog, or a
 * campaign's offer no longer in it: a run that offers nothing (and says so in the log).
 */
export async function retentionRunOf(
  repositories: Repositories,
  definition: CampaignScheduled,
  config: MarketsConfig,
  logger: Logger,
): Promise<RetentionRun> {
  const current = await repositories.retention.currentCatalog();
  const program = definition.campaignId === RETENTION_PROGRAM_ID;
  const catalogId = current?.catalog.catalogId ?? 'none';
  const offers = current?.catalog.offers ?? [];
  let mode: EvaluationInputs['mode'];
  if (program) {
    mode = { kind: 'program', offers: offers.filter((offer) => offer.automatic) };
  } else {
    const offer = offers.find((candidate) => candidate.offerId === definition.offerId);
    mode = offer ? { kind: 'campaign', offer } : { kind: 'program', offers: [] };
    if (!offer) {
      logger.warn('Retention-offer campaign names no offer of the current catalog: it offers nothing', {
        campaignId: definition.campaignId,
        offerId: definition.offerId,
        catalogId,
      });
    }
  }
  return {
    program,
    catalogId,
    holdoutKey: program ? catalogId : definition.campaignId,
    mode,
    async decide(customer, screening, sent, answers, now, today) {
      const store = program ? changedRisk(customer, screening, catalogId, now) : undefined;
      if (screening.stop) return store ? { store } : {};
      const invoices = await repositories.invoices.history(customer.customerId);
      const settings = settingsForMarket(config, customer.market);
      const evaluation = evaluate(
        {
          customer: evaluatedCustomer(customer),
          sent,
          answers,
          now,
          today,
          weights: settings.churnRisk.weights,
          levels: settings.churnRisk.levels,
          catalogId,
          currency: currencyOfMarket(customer.market),
          mode,
        },
        invoices,
        screening,
      );
      const outcome: RetentionOutcome = store ? { store } : {};
      if (!evaluation.decision.offer) return outcome;
      outcome.facts = evaluation.decision.facts;
      if (program) {
        const local = localTimeParts(now, customer.timeZone);
        const clock = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
        outcome.sendAt = localSendAt(
          { date: offerDate(today, clock), localTime: OFFER_LOCAL_TIME },
          customer.timeZone,
        ).toISOString();
      }
      return outcome;
    },
  };
}

/**
 * The signals and churn risk of a customer at a run: for a retention run on its catalog and offers;
 * otherwise (a campaign audience asking for `churnRisk`) on none.
 */
export function retentionScreen(
  customer: CustomerRecord,
  sent: readonly SentWithFacts[],
  answers: readonly SurveyAnswer[],
  now: Date,
  today: string,
  config: MarketsConfig,
  run: RetentionRun | undefined,
): Screening {
  const settings = settingsForMarket(config, customer.market);
  return screen({
    customer: evaluatedCustomer(customer),
    sent,
    answers,
    now,
    today,
    weights: settings.churnRisk.weights,
    levels: settings.churnRisk.levels,
    catalogId: run?.catalogId ?? 'none',
    mode: run?.mode ?? { kind: 'program', offers: [] },
  });
}

/** The answers of the Surveys table as the signals read them. */
export function surveyAnswers(
  records: ReadonlyArray<{
    surveyId: string;
    scale: SurveyAnswer['scale'];
    score?: number;
    respondedAt?: string;
  }>,
): SurveyAnswer[] {
  return records.flatMap((record) =>
    record.score === undefined || record.respondedAt === undefined
      ? []
      : [
          {
            surveyId: record.surveyId,
            scale: record.scale,
            score: record.score,
            respondedAt: record.respondedAt,
          },
        ],
  );
}

function evaluatedCustomer(customer: CustomerRecord): EvaluatedCustomer {
  return {
    customerId: customer.customerId,
    market: customer.market,
    segment: customer.segment,
    timeZone: customer.timeZone,
    customerSince: customer.customerSince,
    products: customer.products,
    endedProductIds: new Set((customer.ended ?? []).map((ended) => ended.productId)),
    ...(customer.risk
      ? { stored: { signalKeys: customer.risk.signalKeys, catalogId: customer.risk.catalogId } }
      : {}),
  };
}

/** The risk to store when it differs from the stored one (signals, level or catalog). */
function changedRisk(
  customer: CustomerRecord,
  screening: Screening,
  catalogId: string,
  now: Date,
): StoredRisk | undefined {
  const stored = customer.risk;
  // No signal and nothing stored: absent already says `none`, and nothing can be new. Most customers
  // are like that, so a catalog does not cost a write per customer.
  if (
    stored === undefined &&
    screening.signalKeys.length === 0 &&
    screening.assessment.churnRisk === 'none'
  ) {
    return undefined;
  }
  const same =
    stored !== undefined &&
    stored.catalogId === catalogId &&
    stored.churnRisk === screening.assessment.churnRisk &&
    stored.signalKeys.join('\n') === screening.signalKeys.join('\n');
  if (same) return undefined;
  return {
    churnRisk: screening.assessment.churnRisk,
    score: screening.assessment.score,
    signalKeys: screening.signalKeys,
    catalogId,
    derivedAt: now.toISOString(),
  };
}
