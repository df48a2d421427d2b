import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDocumentClient } from '../adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '../adapters/clients/event-bridge.ts';
import { secretsManagerClient } from '../adapters/clients/secrets-manager.ts';
import type { DepsWith } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom, type SurveyRecord } from '../adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '../adapters/event-publisher.ts';
import { createSecretProvider, type SecretProvider } from '../adapters/secrets.ts';
import { DETAIL_TYPE } from '../domain/contracts/event-names.ts';
import { SURVEY_SCORE_RANGES } from '../domain/contracts/index.ts';
import { parseSurveyToken, SURVEY_ANSWER_PATH, type SurveyClaims } from '../domain/links/survey-answer.ts';
import { detractorAlert, isDetractor, isScoreOf } from '../domain/surveys/surveys.ts';
import { html, type SafeHtml } from '../templates/html.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, type PageLanguage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

interface PageText {
  title: string;
  thanks: string;
  thanksLow: string;
  alreadyAnswered: string;
  pick: string;
  invalid: string;
  expired: string;
  badScore: string;
}

const TEXT: Record<PageLanguage, PageText> = {
  nb: {
    title: 'Takk for svaret',
    thanks: 'Takk! Vi har fått svaret ditt, og det hjelper oss å bli bedre.',
    thanksLow:
      'Takk for at du sa fra. Vi er lei oss for at det ikke var godt nok – noen hos oss ser på saken din og tar kontakt.',
    alreadyAnswered: 'Du har allerede svart på denne undersøkelsen. Takk!',
    pick: 'Velg tallet som passer best:',
    invalid: 'Lenken er ikke gyldig. Bruk lenken i meldingen du fikk fra oss.',
    expired: 'Lenken er utløpt, så vi kan ikke ta imot svaret lenger. Takk likevel!',
    badScore: 'Vi forsto ikke svaret. Velg et av tallene:',
  },
  sv: {
    title: 'Tack för ditt svar',
    thanks: 'Tack! Vi har fått ditt svar, och det hjälper oss att bli bättre.',
    thanksLow:
      'Tack för att du sa till. Vi är ledsna att det inte var tillräckligt bra – någon hos oss tittar på ditt ärende och hör av sig.',
    alreadyAnswered: 'Du har redan svarat på den här enkäten. Tack!',
    pick: 'Välj den siffra som passar bäst:',
    invalid: 'Länken är inte giltig. Använd länken i meddelandet du fick från oss.',
    expired: 'Länken har gått ut, så vi kan inte ta emot svaret längre. Tack ändå!',
    badScore: 'Vi förstod inte svaret. Välj en av siffrorna:',
  },
  en: {
    title: 'Thank you for your answer',
    thanks: 'Thank you! We have your answer, and it helps us get better.',
    thanksLow:
      'Thank you for telling us. We are sorry it was not good enough – someone here will look at your case and get in touch.',
    alreadyAnswered: 'You have already answered this survey. Thank you!',
    pick: 'Pick the number that fits best:',
    invalid: 'This link is not valid. Please use the link in the message we sent you.',
    expired: 'This link has expired, so we can no longer take your answer. Thank you all the same!',
    badScore: 'We did not understand that answer. Please pick one of the numbers:',
  },
};

/** Why an answer was refused (logged; never shown in more detail than "not valid"). */
type Refusal = 'unknown-survey' | 'wrong-customer' | 'wrong-scale';

/** What the handler is given: its settings, clock, logger and clients. */
export type AnswerSurveyDeps = DepsWith<'ddb' | 'secrets' | 'eventBridge'>;

/**
 * The one-click survey answer endpoint: `GET /survey?token=…&score=N`. Verifies the signed token (HMAC
 * in constant time, expiry), checks it against the survey stille asked (same customer and scale) and the
 * score against the scale, records the survey's first answer with a conditional write, publishes
 * `Survey Response Received` and, for a low score (CSAT ≤ 2, NPS ≤ 6), raises a `detractor` alert with the
 * customer's case. Without a score it shows the scale (the page the SMS links to). Answers with a small
 * thank-you page in the customer's language; 400 for a forged or broken link, 410 for an expired one,
 * 409 when the survey was already answered with another score.
 */
export function createHandler(
  deps: AnswerSurveyDeps,
  overrides: { repositories?: Repositories; events?: EventPublisher; secrets?: SecretProvider } = {},
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const repositories = overrides.repositories ?? repositoriesFrom(deps);
  const events = overrides.events ?? createEventPublisher(deps.eventBridge, () => deps.eventBusName);
  const secrets = overrides.secrets ?? createSecretProvider(deps.secrets, deps.clock);
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const token = event.queryStringParameters?.token ?? '';
    const now = deps.clock.now();
    const verified = parseSurveyToken(token, await secrets.get(deps.linkSecretArn), now);
    if (!verified.ok) {
      const language = pageLanguageOf(undefined, event.headers?.['accept-language']);
      deps.logger.info('Survey token refused', { reason: verified.reason });
      const text = TEXT[language];
      return page(verified.reason === 'expired' ? 410 : 400, language, text.title, [
        verified.reason === 'expired' ? text.expired : text.invalid,
      ]);
    }
    const { claims } = verified;
    const language = pageLanguageOf(claims.locale, event.headers?.['accept-language']);
    const text = TEXT[language];
    const survey = await repositories.surveys.get(claims.surveyId);
    const refusal = refusalOf(survey, claims);
    if (refusal || !survey) {
      deps.logger.warn('Survey answer refused', { surveyId: claims.surveyId, reason: refusal });
      return page(400, language, text.title, [text.invalid]);
    }
    const rawScore = event.queryStringParameters?.score;
    if (rawScore === undefined || rawScore === '') {
      return page(200, language, text.title, [text.pick], scaleLinks(token, claims));
    }
    const score = /^\d{1,2}$/.test(rawScore) ? Number(rawScore) : Number.NaN;
    if (!isScoreOf(claims.scale, score)) {
      return page(400, language, text.title, [text.badScore], scaleLinks(token, claims));
    }
    const respondedAt = now.toISOString();
    const response = {
      surveyId: claims.surveyId,
      customerId: claims.customerId,
      scale: claims.scale,
      score,
      respondedAt,
    };
    const outcome = await repositories.surveys.recordResponse(response);
    if (outcome === 'conflict') {
      deps.logger.info('Survey already answered', { surveyId: claims.surveyId });
      return page(409, language, text.title, [text.alreadyAnswered]);
    }
    const detractor = isDetractor(claims.scale, score);
    if (outcome === 'recorded') {
      try {
        await events.publish(DETAIL_TYPE.surveyResponseReceived, response);
        if (detractor)
          await events.alert(detractorAlert({ ...survey, scale: claims.scale }, score, respondedAt));
      } catch (error) {
        // Take the answer back, so the customer's next click records and publishes it again.
        await repositories.surveys.withdrawResponse(claims.surveyId, respondedAt);
        throw error;
      }
      deps.logger.info('Survey answered', { surveyId: claims.surveyId, score, detractor });
    }
    return page(200, language, text.title, [detractor ? text.thanksLow : text.thanks]);
  });
}

function refusalOf(survey: SurveyRecord | undefined, claims: SurveyClaims): Refusal | undefined {
  if (!survey) return 'unknown-survey';
  if (survey.customerId !== claims.customerId) return 'wrong-customer';
  if (survey.scale !== claims.scale) return 'wrong-scale';
  return undefined;
}

/** The scale as links, lowest score first (the token is the one the customer came with, already verified). */
function scaleLinks(token: string, claims: SurveyClaims): SafeHtml {
  const { min, max } = SURVEY_SCORE_RANGES[claims.scale];
  const links: SafeHtml[] = [];
  for (let score = min; score <= max; score++) {
    links.push(
      html`<a class="score" href="${SURVEY_ANSWER_PATH}?token=${token}&amp;score=${score}">${score}</a>`,
    );
  }
  return html`<p class="scale">${links}</p>`;
}

const SCORE_CSS =
  '.score{display:inline-block;min-width:2.2rem;padding:.4rem;margin:.15rem;border:1px solid #888;border-radius:.3rem;text-align:center;text-decoration:none}';

/** A page of paragraphs, and the scale when there is one. */
function page(
  statusCode: number,
  language: PageLanguage,
  title: string,
  paragraphs: readonly string[],
  extra?: SafeHtml,
): APIGatewayProxyStructuredResultV2 {
  return linkPage(
    statusCode,
    language,
    title,
    html`${paragraphs.map((p) => html`<p>${p}</p>`)}${extra ?? ''}`,
    {
      css: SCORE_CSS,
    },
  );
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = {
  ddb: dynamoDocumentClient,
  secrets: secretsManagerClient,
  eventBridge: eventBridgeClient,
};

export const handler = lambdaEntry(createHandler, clients);
