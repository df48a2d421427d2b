import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { secretsManagerClient } from '#adapters/clients/secrets-manager.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom, type SurveyRecord } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { createSecretProvider, type SecretProvider } from '#adapters/secrets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { SURVEY_SCORE_RANGES } from '#domain/contracts/index.ts';
import { parseSurveyToken, SURVEY_ANSWER_PATH, type SurveyClaims } from '#domain/links/survey-answer.ts';
import { detractorAlert, isDetractor, isScoreOf } from '#domain/surveys/surveys.ts';
import { html, type SafeHtml } from '#templates/html.ts';
import { formFields } from './common/form-body.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { linkPage, type PageLanguage, pageLanguageOf } from './common/link-pages.ts';
import { withMiddleware } from './common/middleware.ts';

interface PageText {
  title: string;
  thanks: string;
  thanksLow: string;
  alreadyAnswered: string;
  pick: string;
  /** The score the link named, on the page that asks to send it. */
  chosen: (score: number, highest: number) => string;
  /** The big button that sends it. */
  send: (score: number) => string;
  other: string;
  /** What a screen reader says for a score button. */
  scoreLabel: (score: number, highest: number) => string;
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
    chosen: (score, highest) => `Du valgte ${score} av ${highest}.`,
    send: (score) => `Send svaret: ${score}`,
    other: 'Eller velg et annet tall:',
    scoreLabel: (score, highest) => `${score} av ${highest}`,
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
    chosen: (score, highest) => `Du valde ${score} av ${highest}.`,
    send: (score) => `Skicka svaret: ${score}`,
    other: 'Eller välj en annan siffra:',
    scoreLabel: (score, highest) => `${score} av ${highest}`,
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
    chosen: (score, highest) => `You picked ${score} out of ${highest}.`,
    send: (score) => `Send my answer: ${score}`,
    other: 'Or pick another number:',
    scoreLabel: (score, highest) => `${score} out of ${highest}`,
    invalid: 'This link is not valid. Please use the link in the message we sent you.',
    expired: 'This link has expired, so we can no longer take your answer. Thank you all the same!',
    badScore: 'We did not understand that answer. Please pick one of the numbers:',
  },
  fi: {
    title: 'Kiitos vastauksestasi',
    thanks: 'Kiitos! Saimme vastauksesi, ja se auttaa meitä parantamaan palveluamme.',
    thanksLow:
      'Kiitos, että kerroit. Olemme pahoillamme, ettei kaikki mennyt niin kuin piti – joku meistä käy asiasi läpi ja ottaa sinuun yhteyttä.',
    alreadyAnswered: 'Olet jo vastannut tähän kyselyyn. Kiitos!',
    pick: 'Valitse parhaiten sopiva numero:',
    chosen: (score, highest) => `Valintasi: ${score}/${highest}.`,
    send: (score) => `Lähetä vastaus: ${score}`,
    other: 'Tai valitse toinen numero:',
    scoreLabel: (score, highest) => `${score}/${highest}`,
    invalid: 'Linkki ei ole voimassa. Käytä meiltä saamassasi viestissä olevaa linkkiä.',
    expired: 'Linkki on vanhentunut, joten emme voi enää ottaa vastaustasi vastaan. Kiitos silti!',
    badScore: 'Emme ymmärtäneet vastausta. Valitse jokin numeroista:',
  },
  da: {
    title: 'Tak for dit svar',
    thanks: 'Tak! Vi har fået dit svar, og det hjælper os med at blive bedre.',
    thanksLow:
      'Tak, fordi du sagde det. Vi er kede af, at det ikke var godt nok – en af os ser på din sag og kontakter dig.',
    alreadyAnswered: 'Du har allerede svaret på denne undersøgelse. Tak!',
    pick: 'Vælg det tal, der passer bedst:',
    chosen: (score, highest) => `Du valgte ${score} ud af ${highest}.`,
    send: (score) => `Send svaret: ${score}`,
    other: 'Eller vælg et andet tal:',
    scoreLabel: (score, highest) => `${score} ud af ${highest}`,
    invalid: 'Linket er ikke gyldigt. Brug linket i den besked, du fik fra os.',
    expired: 'Linket er udløbet, så vi kan ikke længere tage imod dit svar. Tak alligevel!',
    badScore: 'Vi forstod ikke svaret. Vælg et af tallene:',
  },
};

/** What the handler is given: its settings, clock, logger and clients. */
export type AnswerSurveyDeps = DepsWith<'ddb' | 'secrets' | 'eventBridge'>;

/**
 * The survey answer endpoint, safe from link prefetching. `GET /survey?token=…&score=N` — the link in the
 * message, which mail scanners follow too — changes nothing: it shows the score that was clicked with one
 * big button that sends it (and the other scores, to change it); without a score, the scale as buttons
 * (the page the SMS links to). Only the page's form records: `POST /survey` with `token` and `score` in
 * its body (the score comes with the pressed button, never in a hidden field). The POST verifies the
 * signed token (HMAC in constant time, expiry), looks up the survey it names (whose it is and its
 * scale are the survey's own, not the link's), checks the score against the scale, records the survey's first answer with a conditional
 * write, publishes `Survey Response Received` and, for a low score (CSAT ≤ 2, NPS ≤ 6), raises a
 * `detractor` alert with the customer's case. Small pages in the customer's language; 400 for a forged
 * or broken link or a bad score, 410 for an expired link, 409 when the survey was already answered with
 * another score.
 */
export function createHandler(
  deps: AnswerSurveyDeps,
  overrides: { repositories?: Repositories; events?: EventPublisher; secrets?: SecretProvider } = {},
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const repositories = overrides.repositories ?? repositoriesFrom(deps);
  const events = overrides.events ?? createEventPublisher(deps.eventBridge, () => deps.eventBusName);
  const secrets = overrides.secrets ?? createSecretProvider(deps.secrets, deps.clock);
  return withMiddleware(deps, async (event: APIGatewayProxyEventV2) => {
    const posted = event.requestContext?.http?.method === 'POST';
    // A POST takes the token and the score from its body only; a link carries them in its query.
    const fields = posted ? formFields(event) : new Map(Object.entries(event.queryStringParameters ?? {}));
    const token = fields.get('token') ?? '';
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
    const link = verified.claims;
    const language = pageLanguageOf(link.locale, event.headers?.['accept-language']);
    const text = TEXT[language];
    const survey = await repositories.surveys.get(link.surveyId);
    if (!survey) {
      deps.logger.warn('Survey answer refused', { surveyId: link.surveyId, reason: 'unknown-survey' });
      return page(400, language, text.title, [text.invalid]);
    }
    // The token names the survey; whose it is and its scale are the survey's own.
    const claims: SurveyClaims = { ...link, customerId: survey.customerId, scale: survey.scale };
    const rawScore = fields.get('score');
    const score = rawScore !== undefined && /^\d{1,2}$/.test(rawScore) ? Number(rawScore) : Number.NaN;
    if (!posted) return pageForLink(text, language, token, claims, survey, rawScore, score);
    if (!isScoreOf(claims.scale, score)) {
      return page(400, language, text.title, [text.badScore], answerForm(text, token, claims));
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
      deps.metrics.record('surveyAnswers', { scale: claims.scale }, score);
    }
    return page(200, language, text.title, [detractor ? text.thanksLow : text.thanks]);
  });
}

/**
 * What a link opens (a GET, which never records): the clicked score with the button that sends it, the
 * scale when the link has no score (400 with the scale for a score that is not on it), or, for a survey
 * already answered, only that.
 */
function pageForLink(
  text: PageText,
  language: PageLanguage,
  token: string,
  claims: SurveyClaims,
  survey: SurveyRecord,
  rawScore: string | undefined,
  score: number,
): APIGatewayProxyStructuredResultV2 {
  if (survey.score !== undefined) return page(200, language, text.title, [text.alreadyAnswered]);
  if (rawScore === undefined || rawScore === '') {
    return page(200, language, text.title, [text.pick], answerForm(text, token, claims));
  }
  if (!isScoreOf(claims.scale, score)) {
    return page(400, language, text.title, [text.badScore], answerForm(text, token, claims));
  }
  const { max } = SURVEY_SCORE_RANGES[claims.scale];
  return page(200, language, text.title, [text.chosen(score, max)], answerForm(text, token, claims, score));
}

/**
 * The answer form: the token (already verified) in a hidden field, and one submit button per score, lowest
 * first — after the big button that sends `chosen`, when the link named a score. The score is the pressed
 * button's value, so a form sent without a pressed button (a script's `form.submit()`) answers nothing;
 * the big button is the first, so pressing Enter sends the score that was clicked.
 */
function answerForm(text: PageText, token: string, claims: SurveyClaims, chosen?: number): SafeHtml {
  const { min, max } = SURVEY_SCORE_RANGES[claims.scale];
  const buttons: SafeHtml[] = [];
  for (let score = min; score <= max; score++) {
    buttons.push(
      html`<button type="submit" name="score" value="${score}" class="score" aria-label="${text.scoreLabel(score, max)}">${score}</button>`,
    );
  }
  const send =
    chosen === undefined
      ? ''
      : html`<p><button type="submit" name="score" value="${chosen}" class="send">${text.send(chosen)}</button></p>
<p>${text.other}</p>`;
  return html`<form method="post" action="${SURVEY_ANSWER_PATH}">
<input type="hidden" name="token" value="${token}">
${send}<p class="scale">${buttons}</p>
</form>`;
}

const FORM_CSS =
  '.score{display:inline-block;min-width:2.6rem;padding:.5rem;margin:.15rem;border:1px solid #888;border-radius:.3rem;background:#fff;font-size:1rem;cursor:pointer}' +
  '.send{font-size:1.25rem;font-weight:600;padding:.8rem 1.6rem;border:0;border-radius:.4rem;background:#1d4f91;color:#fff;cursor:pointer}';

/** A page of paragraphs, and the form when there is one. */
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
    { css: FORM_CSS, csp: "; form-action 'self'" },
  );
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = {
  ddb: dynamoDocumentClient,
  secrets: secretsManagerClient,
  eventBridge: eventBridgeClient,
};

export const handler = lambdaEntry(createHandler, clients);
