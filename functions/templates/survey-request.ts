/**
 * `survey-request`: one short question at the moment it matters to the customer (after a support case,
 * after a renewal): CSAT 1–5 or NPS 0–10, every score a link to the answer page, where one button sends
 * it (a link alone records nothing: mail scanners follow links). The SMS carries at most one link, to
 * the survey page, where one tap on a number answers.
 */
import * as z from 'zod/mini';
import { SURVEY_SCALES, SURVEY_SCORE_RANGES } from '#domain/contracts/index.ts';
import { SURVEY_TRIGGERS, type SurveyScale, type SurveyTrigger } from '#domain/surveys/surveys.ts';
import { type Block, para } from './content.ts';
import { TemplateError } from './errors.ts';
import { id, withCurrency } from './facts.ts';
import type { TemplateLocale } from './locale.ts';
import { type SmsPart, smsOptOut } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

type Trigger = SurveyTrigger;
type Scale = SurveyScale;

/** The key of `links.answers` holding the survey page for the SMS. */
export const SURVEY_PAGE_LINK = 'survey';

/** The facts of a survey request (docs/contracts.md, facts by kind). */
export const SurveyRequestFactsSchema = z.object({
  ...withCurrency,
  surveyId: id,
  trigger: z.enum(SURVEY_TRIGGERS),
  scale: z.enum(SURVEY_SCALES),
});
/** The facts of a survey request. */
export type SurveyRequestFacts = z.output<typeof SurveyRequestFactsSchema>;

type Ctx = TemplateContext<SurveyRequestFacts>;

/** The scores of a scale, lowest first. */
export function scoresOf(scale: Scale): number[] {
  const { min, max } = SURVEY_SCORE_RANGES[scale];
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
}

/** The words of the survey request in one locale. */
interface SurveyWords {
  subject(trigger: Trigger, scale: Scale): string;
  intro: Readonly<Record<Trigger, string>>;
  question(trigger: Trigger, scale: Scale): string;
  legend: Readonly<Record<Scale, string>>;
  /** What a screen reader says for a score: `3 av 5`. */
  scoreLabel(score: number, highest: number): string;
  thanks: string;
  sms: {
    greeting(name: string | null): string;
    answer(url: string): string;
    /** For a two-way number, which a reply reaches. */
    stop: string;
    /** Otherwise: the opt-out link. */
    optOut(url: string): string;
  };
}

const NB: SurveyWords = {
  subject: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Ville du anbefalt oss til andre?'
      : trigger === 'ticket'
        ? 'Hvordan var hjelpen du fikk fra oss?'
        : 'Hvor fornøyd er du med oss?',
  intro: {
    ticket: 'Du var nylig i kontakt med kundeservice hos oss. Vi vil gjerne vite hvordan det gikk.',
    renewal: 'Takk for at du fornyet avtalen din hos oss! Vi vil gjerne vite hva du synes.',
  },
  question: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Hvor sannsynlig er det at du vil anbefale oss til en venn eller kollega?'
      : trigger === 'ticket'
        ? 'Hvor fornøyd er du med hjelpen du fikk?'
        : 'Hvor fornøyd er du med oss?',
  legend: {
    'csat-5': '1 = svært misfornøyd, 5 = svært fornøyd',
    'nps-10': '0 = svært lite sannsynlig, 10 = svært sannsynlig',
  },
  scoreLabel: (score, highest) => `${score} av ${highest}`,
  thanks:
    'Klikk på et tall, og send svaret med knappen på siden som åpnes. Svaret ditt hjelper oss å bli bedre.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    answer: (url) => `Svar med ett klikk: ${url}`,
    stop: 'Svar STOP for å melde deg av.',
    optOut: (url) => `Vil du ikke ha slike SMS? ${url}`,
  },
};

const SV: SurveyWords = {
  subject: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Skulle du rekommendera oss till andra?'
      : trigger === 'ticket'
        ? 'Hur var hjälpen du fick av oss?'
        : 'Hur nöjd är du med oss?',
  intro: {
    ticket: 'Du var nyligen i kontakt med vår kundservice. Vi vill gärna veta hur det gick.',
    renewal: 'Tack för att du förnyade ditt avtal med oss! Vi vill gärna veta vad du tycker.',
  },
  question: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?'
      : trigger === 'ticket'
        ? 'Hur nöjd är du med hjälpen du fick?'
        : 'Hur nöjd är du med oss?',
  legend: {
    'csat-5': '1 = mycket missnöjd, 5 = mycket nöjd',
    'nps-10': '0 = inte alls troligt, 10 = mycket troligt',
  },
  scoreLabel: (score, highest) => `${score} av ${highest}`,
  thanks:
    'Klicka på en siffra och skicka svaret med knappen på sidan som öppnas. Ditt svar hjälper oss att bli bättre.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    answer: (url) => `Svara med ett klick: ${url}`,
    stop: 'Svara STOP för att avregistrera dig.',
    optOut: (url) => `Vill du inte få sådana sms? ${url}`,
  },
};

const EN: SurveyWords = {
  subject: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Would you recommend us?'
      : trigger === 'ticket'
        ? 'How was the help you got from us?'
        : 'How happy are you with us?',
  intro: {
    ticket: 'You were recently in touch with our customer service. We would like to know how it went.',
    renewal: 'Thank you for renewing your agreement with us! We would like to know what you think.',
  },
  question: (trigger, scale) =>
    scale === 'nps-10'
      ? 'How likely is it that you would recommend us to a friend or colleague?'
      : trigger === 'ticket'
        ? 'How satisfied are you with the help you got?'
        : 'How satisfied are you with us?',
  legend: {
    'csat-5': '1 = very dissatisfied, 5 = very satisfied',
    'nps-10': '0 = not at all likely, 10 = extremely likely',
  },
  scoreLabel: (score, highest) => `${score} out of ${highest}`,
  thanks:
    'Click a number, then send it with the button on the page that opens. Your answer helps us get better.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    answer: (url) => `Answer with one click: ${url}`,
    stop: 'Reply STOP to opt out.',
    optOut: (url) => `No more texts like this: ${url}`,
  },
};

const FI: SurveyWords = {
  subject: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Suosittelisitko meitä muille?'
      : trigger === 'ticket'
        ? 'Saitko meiltä apua, jota tarvitsit?'
        : 'Kuinka tyytyväinen olet meihin?',
  intro: {
    ticket: 'Olit hiljattain yhteydessä asiakaspalveluumme. Haluaisimme kuulla, miten asiasi hoitui.',
    renewal: 'Kiitos, että jatkoit sopimustasi kanssamme! Haluaisimme kuulla, mitä mieltä olet.',
  },
  question: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Kuinka todennäköisesti suosittelisit meitä ystävällesi tai työkaverillesi?'
      : trigger === 'ticket'
        ? 'Kuinka tyytyväinen olet saamaasi apuun?'
        : 'Kuinka tyytyväinen olet meihin?',
  legend: {
    'csat-5': '1 = erittäin tyytymätön, 5 = erittäin tyytyväinen',
    'nps-10': '0 = en lainkaan todennäköisesti, 10 = erittäin todennäköisesti',
  },
  scoreLabel: (score, highest) => `${score}/${highest}`,
  thanks:
    'Napsauta numeroa ja lähetä vastauksesi avautuvan sivun painikkeella. Vastauksesi auttaa meitä parantamaan palveluamme.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    answer: (url) => `Vastaa yhdellä napautuksella: ${url}`,
    stop: 'Vastaa STOP, niin emme lähetä näitä viestejä enää.',
    optOut: (url) => `Etkö halua tällaisia tekstiviestejä? ${url}`,
  },
};

/** Finland-Swedish: kundtjänst, and a reply STOP said the way Finland's Swedish says it. */
const SV_FI: SurveyWords = {
  ...SV,
  intro: {
    ticket: 'Du var nyligen i kontakt med vår kundtjänst. Vi vill gärna veta hur det gick.',
    renewal: 'Tack för att du förnyade ditt avtal med oss! Vi vill gärna veta vad du tycker.',
  },
  sms: {
    ...SV.sms,
    stop: 'Svara STOP om du inte vill få fler sådana sms.',
  },
};

const DA: SurveyWords = {
  subject: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Vil du anbefale os til andre?'
      : trigger === 'ticket'
        ? 'Hvordan var den hjælp, du fik hos os?'
        : 'Hvor tilfreds er du med os?',
  intro: {
    ticket: 'Du har for nylig været i kontakt med vores kundeservice. Vi vil gerne høre, hvordan det gik.',
    renewal: 'Tak, fordi du har forlænget din aftale hos os! Vi vil gerne høre, hvad du synes.',
  },
  question: (trigger, scale) =>
    scale === 'nps-10'
      ? 'Hvor sandsynligt er det, at du vil anbefale os til en ven eller kollega?'
      : trigger === 'ticket'
        ? 'Hvor tilfreds er du med den hjælp, du fik?'
        : 'Hvor tilfreds er du med os?',
  legend: {
    'csat-5': '1 = meget utilfreds, 5 = meget tilfreds',
    'nps-10': '0 = slet ikke sandsynligt, 10 = meget sandsynligt',
  },
  scoreLabel: (score, highest) => `${score} ud af ${highest}`,
  thanks:
    'Klik på et tal, og send dit svar med knappen på den side, der åbner. Dit svar hjælper os med at blive bedre.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    answer: (url) => `Svar med et enkelt klik: ${url}`,
    stop: 'Svar STOP for at afmelde dig.',
    optOut: (url) => `Vil du ikke have flere sms'er som denne? ${url}`,
  },
};

function body(ctx: Ctx, words: SurveyWords): Block[] {
  const { facts } = ctx;
  const scores = scoresOf(facts.scale);
  const highest = scores[scores.length - 1] ?? 0;
  const answers = ctx.links.answers ?? {};
  const missing = scores.filter((score) => answers[String(score)] === undefined);
  if (missing.length > 0) {
    throw new TemplateError(
      ctx.kind,
      missing.map((score) => ({
        path: `links.answers.${score}`,
        message: `is required (the URL of the page that answers ${score} on the ${facts.scale} scale)`,
      })),
    );
  }
  return [
    para(words.intro[facts.trigger]),
    {
      type: 'scale',
      question: words.question(facts.trigger, facts.scale),
      options: scores.map((score) => ({
        label: String(score),
        href: answers[String(score)] ?? '',
        ariaLabel: words.scoreLabel(score, highest),
      })),
      legend: words.legend[facts.scale],
    },
    para(words.thanks),
  ];
}

function sms(ctx: Ctx, words: SurveyWords): SmsPart[] {
  const page = ctx.links.answers?.[SURVEY_PAGE_LINK];
  return [
    words.sms.greeting(ctx.smsName),
    words.question(ctx.facts.trigger, ctx.facts.scale),
    page !== undefined && words.sms.answer(page),
    smsOptOut(ctx, words.sms),
  ];
}

function localeTemplate(words: SurveyWords): LocaleTemplate<SurveyRequestFacts> {
  return {
    subject: (ctx) => words.subject(ctx.facts.trigger, ctx.facts.scale),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}

const TEXTS: Readonly<Record<TemplateLocale, LocaleTemplate<SurveyRequestFacts>>> = {
  'nb-NO': localeTemplate(NB),
  'sv-SE': localeTemplate(SV),
  'en-GB': localeTemplate(EN),
  'fi-FI': localeTemplate(FI),
  'sv-FI': localeTemplate(SV_FI),
  'da-DK': localeTemplate(DA),
};

/** The survey request template. */
export const surveyRequest: KindTemplate<typeof SurveyRequestFactsSchema> = {
  kind: 'survey-request',
  facts: SurveyRequestFactsSchema,
  texts: TEXTS,
};
