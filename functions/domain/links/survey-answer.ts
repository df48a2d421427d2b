/**
 * Survey answer links: a signed token naming the survey and the customer's locale, valid until `exp`;
 * who the survey is for and its scale are looked up in the Surveys table on use, so a link is as short
 * as the survey id (at most 48 characters) whatever the customer's id. The score is the customer's choice and travels next to the token
 * (`&score=4`). A link only opens the answer page; its form posts the token and the pressed score, and
 * the endpoint checks the score against the scale, and the survey against the Surveys table.
 */
import { SURVEY_SCORE_RANGES } from '../contracts/index.ts';
import type { SurveyScale } from '../surveys/surveys.ts';
import { isShortToken, signShortToken, verifyShortToken } from './short-token.ts';
import { type TokenRejection, verifyToken } from './signed-token.ts';

/** The path of the answer endpoint. */
export const SURVEY_ANSWER_PATH = '/survey';

/** Answer links work this long: a survey answered after a month says little about the moment. */
export const SURVEY_LINK_DAYS = 30;

/** What a survey link lets its holder do: answer this one survey, once, for this customer. */
export interface SurveyClaims {
  customerId: string;
  surveyId: string;
  scale: SurveyScale;
  /** The locale of the thank-you page (the message's). */
  locale: string;
  /** Epoch seconds after which the link stops working. */
  exp: number;
}

/** What the token itself carries; the rest of {@link SurveyClaims} comes from the survey's record. */
export type SurveyLinkClaims = Pick<SurveyClaims, 'surveyId' | 'locale' | 'exp'>;

/** The result of {@link parseSurveyToken}. */
export type SurveyTokenVerification =
  | { ok: true; claims: SurveyLinkClaims }
  | { ok: false; reason: TokenRejection };

/** The token's `use`: an unsubscribe token signed with the same secret does not answer a survey. */
const USE = 'survey';

/** The signed token of a survey's links. */
export function surveyToken(claims: SurveyClaims, secret: string): string {
  // Short (short-token.ts): the SMS carries it next to the opt-out link, in three segments.
  return signShortToken(USE, [claims.surveyId, claims.locale], claims.exp, secret);
}

/**
 * The links of a survey message: one per score (`"1"` … `"5"`, `"0"` … `"10"`), each opening the page
 * that sends that score with one button, and `survey`, the page that shows the scale (for the SMS, which
 * carries one link).
 */
export function surveyAnswerLinks(
  baseUrl: string,
  claims: SurveyClaims,
  secret: string,
): Record<string, string> {
  const base = `${baseUrl.replace(/\/+$/, '')}${SURVEY_ANSWER_PATH}?token=${surveyToken(claims, secret)}`;
  const links: Record<string, string> = { survey: base };
  const { min, max } = SURVEY_SCORE_RANGES[claims.scale];
  for (let score = min; score <= max; score++) links[String(score)] = `${base}&score=${score}`;
  return links;
}

/** Verifies a survey token at `now`; a validly signed token for another use is `malformed`. */
export function parseSurveyToken(token: string, secret: string, now: Date): SurveyTokenVerification {
  if (isShortToken(token, 2)) {
    const short = verifyShortToken(token, USE, 2, secret, now);
    if (!short.ok) return short;
    const [surveyId = '', locale = ''] = short.fields;
    return { ok: true, claims: { surveyId, locale, exp: short.exp } };
  }
  // The JSON token of links sent before the short one.
  const verified = verifyToken(token, secret, now);
  if (!verified.ok) return verified;
  const { use, s, l, exp } = verified.payload;
  if (use !== USE || typeof s !== 'string' || s.length === 0 || typeof l !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, claims: { surveyId: s, locale: l, exp } };
}
