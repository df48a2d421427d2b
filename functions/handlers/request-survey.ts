import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import {
  isSurveyTriggerType,
  SURVEY_TRIGGER_TYPES,
  type Survey,
  surveyAfterRenewal,
  surveyAfterTicket,
  surveyRequest,
} from '#domain/surveys/surveys.ts';
import { asEnvelope, detailTypeText } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The survey that was asked for. */
export interface RequestSurveyResult {
  surveyId: string;
  customerId: string;
  trigger: Survey['trigger'];
  scale: Survey['scale'];
  /** False when the survey was asked already (a replayed event): the send gate drops the request. */
  created: boolean;
}

/** What the handler is given: its settings, clock, logger and clients. */
export type RequestSurveyDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * The `RequestSurvey` task of the Survey workflow, after its wait. Its input is the workflow input (a
 * `Support Ticket Resolved` or `Contract Renewed` event). Derives the survey from the event (its id
 * from the ticket or the renewal, so a replay is the same survey), records it in the Surveys table (the
 * answer endpoint checks answers against it) and requests the `survey-request` from the send gate, which
 * applies consent, opt-outs, quiet hours, the survey cap and the idempotency ledger.
 */
export function createHandler(
  deps: RequestSurveyDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, RequestSurveyResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const detailType = event['detail-type'];
    if (!isSurveyTriggerType(detailType)) {
      throw new InvalidEventError(detailTypeText(detailType), [
        {
          path: 'detail-type',
          message: `must be one of ${SURVEY_TRIGGER_TYPES.join(', ')} for RequestSurvey`,
        },
      ]);
    }
    const result = validateEvent(detailType, event.detail);
    if (!result.ok) throw new InvalidEventError(detailType, result.errors);
    let survey: Survey;
    if (result.detailType === DETAIL_TYPE.supportTicketResolved) survey = surveyAfterTicket(result.value);
    else if (result.detailType === DETAIL_TYPE.contractRenewed) survey = surveyAfterRenewal(result.value);
    else throw new InvalidEventError(detailType, []);

    const now = deps.clock.now();
    const created = (await repositories.surveys.ask(survey, now)) === 'created';
    await publisher.requestMessage(surveyRequest(survey, now));
    deps.logger.info('Survey requested', {
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      created,
    });
    const { surveyId, customerId, trigger, scale } = survey;
    return { surveyId, customerId, trigger, scale, created };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
