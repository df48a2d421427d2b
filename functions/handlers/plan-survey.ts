import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { timeZoneOfMarket } from '#domain/config/market-table.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import {
  isSurveyTriggerType,
  SURVEY_TRIGGER_TYPES,
  surveyTime,
  triggeredAtOf,
} from '#domain/surveys/surveys.ts';
import { asEnvelope, detailTypeText } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The task's input: the event and how long after it to ask. */
export interface PlanSurveyInput {
  event: unknown;
  delayMinutes: unknown;
}

/** When the survey is asked (ISO 8601, UTC), for the workflow's Wait. */
export interface PlanSurveyResult {
  askAt: string;
}

/** Longest delay accepted from the workflow: 30 days. */
const MAX_DELAY_MINUTES = 30 * 24 * 60;

/** What the handler is given: its settings, clock, logger and clients. */
export type PlanSurveyDeps = DepsWith<'ddb'>;

/**
 * The `PlanSurvey` task of the Survey workflow: when to ask. Its input is `{ event, delayMinutes }`: the
 * workflow input (the event) and the configured delay. The survey is due that long after the resolution
 * or renewal, and is moved out of the customer's night (the market's quiet hours on their clock), so
 * it arrives by day whatever the channel. The send gate still applies consent, caps and quiet hours.
 */
export function createHandler(
  deps: PlanSurveyDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<PlanSurveyInput, PlanSurveyResult> {
  const config = loadMarketsConfig(deps.marketsConfig);
  return withMiddleware(deps, async (input: PlanSurveyInput) => {
    const event = asEnvelope(input?.event);
    const detailType = event['detail-type'];
    if (!isSurveyTriggerType(detailType)) {
      throw new InvalidEventError(detailTypeText(detailType), [
        { path: 'detail-type', message: `must be one of ${SURVEY_TRIGGER_TYPES.join(', ')} for PlanSurvey` },
      ]);
    }
    const delayMinutes = input?.delayMinutes;
    if (
      typeof delayMinutes !== 'number' ||
      !Number.isInteger(delayMinutes) ||
      delayMinutes < 0 ||
      delayMinutes > MAX_DELAY_MINUTES
    ) {
      throw new TypeError(
        `PlanSurvey needs delayMinutes, a whole number of minutes, got ${String(delayMinutes)}`,
      );
    }
    const result = validateEvent(detailType, event.detail);
    if (!result.ok) throw new InvalidEventError(detailType, result.errors);
    if (
      result.detailType !== DETAIL_TYPE.supportTicketResolved &&
      result.detailType !== DETAIL_TYPE.contractRenewed
    ) {
      throw new InvalidEventError(detailType, []);
    }
    const customer = await repositories.customers.get(result.value.customerId);
    // An unknown customer gets no survey (the send gate finds no contact point); any market will do.
    const market = customer?.market ?? 'NO';
    const askAt = surveyTime({
      triggeredAt: triggeredAtOf(result.value),
      delayMinutes,
      now: deps.clock.now(),
      timeZone: customer?.timeZone ?? timeZoneOfMarket(market),
      quietHours: settingsForMarket(config, market).quietHours,
    });
    return { askAt: askAt.toISOString() };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient };

export const handler = lambdaEntry(createHandler, clients);
