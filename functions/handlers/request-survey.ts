import type { Deps } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '../adapters/event-publisher.ts';
import { validateEvent } from '../domain/contracts/index.ts';
import { InvalidEventError } from '../domain/errors.ts';
import {
  type Survey,
  surveyAfterRenewal,
  surveyAfterTicket,
  surveyRequest,
} from '../domain/surveys/surveys.ts';
import { asEnvelope, detailTypeText } from './event-id.ts';
import { type Handler, lambdaEntry } from './lambda-entry.ts';
import { withMiddleware } from './middleware.ts';

/** The survey that was asked for. */
export interface RequestSurveyResult {
  surveyId: string;
  customerId: string;
  trigger: Survey['trigger'];
  scale: Survey['scale'];
  /** False when the survey was asked already (a replayed event): the send gate drops the request. */
  created: boolean;
}

/** The `detail-type` of a request to the send gate. */
const MESSAGE_REQUESTED = 'Message Requested';
const TRIGGERS = ['Support Ticket Resolved', 'Contract Renewed'] as const;

/**
 * The `RequestSurvey` task of the Survey workflow, after its wait. Its input is the workflow input (a
 * `Support Ticket Resolved` or `Contract Renewed` event). Derives the survey from the event (its id
 * from the ticket or the renewal, so a replay is the same survey), records it in the Surveys table (the
 * answer endpoint checks answers against it) and requests the `survey-request` from the send gate, which
 * applies consent, opt-outs, quiet hours, the survey cap and the idempotency ledger.
 */
export function createHandler(
  deps: Deps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, RequestSurveyResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const detailType = event['detail-type'];
    if (detailType !== TRIGGERS[0] && detailType !== TRIGGERS[1]) {
      throw new InvalidEventError(detailTypeText(detailType), [
        { path: 'detail-type', message: `must be one of ${TRIGGERS.join(', ')} for RequestSurvey` },
      ]);
    }
    const result = validateEvent(detailType, event.detail);
    if (!result.ok) throw new InvalidEventError(detailType, result.errors);
    let survey: Survey;
    if (result.detailType === 'Support Ticket Resolved') survey = surveyAfterTicket(result.value);
    else if (result.detailType === 'Contract Renewed') survey = surveyAfterRenewal(result.value);
    else throw new InvalidEventError(detailType, []);

    const now = deps.clock.now();
    const created = (await repositories.surveys.ask(survey, now)) === 'created';
    await publisher.publish(MESSAGE_REQUESTED, surveyRequest(survey, now));
    deps.logger.info('Survey requested', {
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      created,
    });
    const { surveyId, customerId, trigger, scale } = survey;
    return { surveyId, customerId, trigger, scale, created };
  });
}

export const handler = lambdaEntry(createHandler);
