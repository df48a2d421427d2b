/**
 * `support-delay-notice`: a support case missed its promised response time. Say so before the customer
 * has to ask: when we promised to answer, how late we are, that we are sorry, and that the case is not
 * forgotten. A second notice (`notice: 2`) owns up to still being late.
 */
import * as z from 'zod/mini';
import { instant } from '#domain/contracts/index.ts';
import { type Block, b, type Inline, p, para } from './content.ts';
import { id, withCurrency } from './facts.ts';
import { optional, quotableInSms, type SmsPart } from './sms.ts';
import type { KindTemplate, LocaleTemplate, TemplateContext } from './template.ts';

/** The facts of a support-delay notice (docs/contracts.md, facts by kind). */
export const SupportDelayNoticeFactsSchema = z.object({
  ...withCurrency,
  ticketId: id,
  /** When we promised to respond. */
  responseDueAt: instant,
  /** Hours past `responseDueAt` when the notice is written. */
  overdueHours: z.number().check(z.gte(0), z.lte(100_000)),
  /** 1 for the first notice on this case, 2 for the second. */
  notice: z.optional(z.union([z.literal(1), z.literal(2)])),
});
/** The facts of a support-delay notice. */
export type SupportDelayNoticeFacts = z.output<typeof SupportDelayNoticeFactsSchema>;

type Ctx = TemplateContext<SupportDelayNoticeFacts>;

/** The words of the support-delay notice in one locale. */
interface DelayWords {
  subject(ticketId: string, second: boolean): string;
  late(ticketId: string, due: Inline, hours: Inline): Block;
  /** The first notice, sent at the due time: less than an hour late, so no number of hours. */
  lateNow(ticketId: string, due: Inline): Block;
  stillLate(ticketId: string, due: Inline, hours: Inline): Block;
  notForgotten: string;
  addSomething: string;
  sms: {
    greeting(name: string | null): string;
    late(ticketId: string | null, due: string, hours: string): string;
    lateNow(ticketId: string | null, due: string): string;
    stillLate(ticketId: string | null, due: string, hours: string): string;
    notForgotten: string;
    noNeedToResend: string;
  };
}

const NB: DelayWords = {
  subject: (ticketId, second) =>
    second
      ? `Saken din ${ticketId} venter fortsatt på svar – vi beklager`
      : `Saken din ${ticketId}: svaret vårt er forsinket`,
  late: (ticketId, due, hours) =>
    p`Vi lovet å svare på saken din (${ticketId}) innen ${due}. Det har vi ikke klart, og svaret er nå ${hours} forsinket. Det beklager vi.`,
  lateNow: (ticketId, due) =>
    p`Vi lovet å svare på saken din (${ticketId}) innen ${due}. Det har vi ikke klart, og det beklager vi.`,
  stillLate: (ticketId, due, hours) =>
    p`Vi har skrevet til deg om at svaret på saken din (${ticketId}) er forsinket, og du har fortsatt ikke fått svar. Svaret skulle kommet innen ${due} og er nå ${hours} forsinket. Det er ikke godt nok, og vi beklager.`,
  notForgotten:
    'Saken din er ikke glemt. Du trenger ikke sende den på nytt – du hører fra oss så snart vi har et svar.',
  addSomething: 'Har du noe å legge til, kan du svare på saken som vanlig.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    late: (ticketId, due, hours) =>
      `Vi skulle svart på saken din${ticketId === null ? '' : ` ${ticketId}`} innen ${due}, men svaret er ${hours} forsinket. Beklager!`,
    lateNow: (ticketId, due) =>
      `Vi skulle svart på saken din${ticketId === null ? '' : ` ${ticketId}`} innen ${due}, men svaret er forsinket. Beklager!`,
    stillLate: (ticketId, due, hours) =>
      `Du venter fortsatt på svar på saken din${ticketId === null ? '' : ` ${ticketId}`}, nå ${hours} etter fristen ${due}. Beklager!`,
    notForgotten: 'Saken er ikke glemt, og du hører fra oss så snart vi kan.',
    noNeedToResend: 'Du trenger ikke sende den på nytt.',
  },
};

const SV: DelayWords = {
  subject: (ticketId, second) =>
    second
      ? `Ditt ärende ${ticketId} väntar fortfarande på svar – vi ber om ursäkt`
      : `Ditt ärende ${ticketId}: vårt svar är försenat`,
  late: (ticketId, due, hours) =>
    p`Vi lovade att svara på ditt ärende (${ticketId}) senast ${due}. Det har vi inte klarat, och svaret är nu ${hours} försenat. Det ber vi om ursäkt för.`,
  lateNow: (ticketId, due) =>
    p`Vi lovade att svara på ditt ärende (${ticketId}) senast ${due}. Det har vi inte klarat, och det ber vi om ursäkt för.`,
  stillLate: (ticketId, due, hours) =>
    p`Vi har skrivit till dig om att svaret på ditt ärende (${ticketId}) är försenat, och du har fortfarande inte fått något svar. Svaret skulle ha kommit senast ${due} och är nu ${hours} försenat. Det är inte tillräckligt bra, och vi ber om ursäkt.`,
  notForgotten:
    'Ditt ärende är inte bortglömt. Du behöver inte skicka det igen – du hör av oss så snart vi har ett svar.',
  addSomething: 'Har du något att lägga till kan du svara i ärendet som vanligt.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    late: (ticketId, due, hours) =>
      `Vi skulle ha svarat på ditt ärende${ticketId === null ? '' : ` ${ticketId}`} senast ${due}, men svaret är ${hours} försenat. Förlåt!`,
    lateNow: (ticketId, due) =>
      `Vi skulle ha svarat på ditt ärende${ticketId === null ? '' : ` ${ticketId}`} senast ${due}, men svaret är försenat. Förlåt!`,
    stillLate: (ticketId, due, hours) =>
      `Du väntar fortfarande på svar i ditt ärende${ticketId === null ? '' : ` ${ticketId}`}, nu ${hours} efter ${due}. Förlåt!`,
    notForgotten: 'Ärendet är inte bortglömt, och du hör av oss så snart vi kan.',
    noNeedToResend: 'Du behöver inte skicka det igen.',
  },
};

const EN: DelayWords = {
  subject: (ticketId, second) =>
    second
      ? `Your case ${ticketId} is still waiting for a reply – we are sorry`
      : `Your case ${ticketId}: our reply is late`,
  late: (ticketId, due, hours) =>
    p`We promised to reply to your case (${ticketId}) by ${due}. We have not managed that, and our reply is now ${hours} late. We are sorry.`,
  lateNow: (ticketId, due) =>
    p`We promised to reply to your case (${ticketId}) by ${due}. We have not managed that, and we are sorry.`,
  stillLate: (ticketId, due, hours) =>
    p`We wrote to you that our reply to your case (${ticketId}) is late, and you still have not heard from us. The reply was due by ${due} and is now ${hours} late. That is not good enough, and we apologise.`,
  notForgotten:
    'Your case has not been forgotten. There is no need to send it again – you will hear from us as soon as we have an answer.',
  addSomething: 'If you have anything to add, you can reply to the case as usual.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    late: (ticketId, due, hours) =>
      `We should have replied to your case${ticketId === null ? '' : ` ${ticketId}`} by ${due}, but our reply is ${hours} late. Sorry!`,
    lateNow: (ticketId, due) =>
      `We should have replied to your case${ticketId === null ? '' : ` ${ticketId}`} by ${due}, but our reply is late. Sorry!`,
    stillLate: (ticketId, due, hours) =>
      `You are still waiting for a reply to your case${ticketId === null ? '' : ` ${ticketId}`}, now ${hours} past ${due}. Sorry!`,
    notForgotten: 'Your case is not forgotten, and you will hear from us as soon as we can.',
    noNeedToResend: 'There is no need to send it again.',
  },
};

const FI: DelayWords = {
  subject: (ticketId, second) =>
    second
      ? `Asiasi ${ticketId} odottaa yhä vastausta – pahoittelemme`
      : `Asiasi ${ticketId}: vastauksemme on myöhässä`,
  late: (ticketId, due, hours) =>
    p`Lupasimme vastata yhteydenottoosi (${ticketId}) ${due} mennessä. Emme ole onnistuneet siinä, ja vastaus on nyt ${hours} myöhässä. Pahoittelemme tätä.`,
  lateNow: (ticketId, due) =>
    p`Lupasimme vastata yhteydenottoosi (${ticketId}) ${due} mennessä. Emme ole onnistuneet siinä, ja pahoittelemme sitä.`,
  stillLate: (ticketId, due, hours) =>
    p`Kerroimme sinulle, että vastauksemme yhteydenottoosi (${ticketId}) on myöhässä, etkä ole vieläkään saanut vastausta. Vastauksen piti tulla ${due} mennessä, ja se on nyt ${hours} myöhässä. Näin ei saisi käydä, ja pyydämme anteeksi.`,
  notForgotten:
    'Asiaasi ei ole unohdettu. Sinun ei tarvitse lähettää sitä uudelleen – kuulet meistä heti, kun meillä on vastaus.',
  addSomething: 'Jos haluat kertoa asiasta lisää, voit vastata siihen tavalliseen tapaan.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    late: (ticketId, due, hours) =>
      `Meidän piti vastata yhteydenottoosi${ticketId === null ? '' : ` ${ticketId}`} ${due} mennessä, mutta vastaus on ${hours} myöhässä. Pahoittelemme!`,
    lateNow: (ticketId, due) =>
      `Meidän piti vastata yhteydenottoosi${ticketId === null ? '' : ` ${ticketId}`} ${due} mennessä, mutta vastaus on myöhässä. Pahoittelemme!`,
    stillLate: (ticketId, due, hours) =>
      `Odotat yhä vastausta yhteydenottoosi${ticketId === null ? '' : ` ${ticketId}`}, nyt ${hours} yli määräajan (${due}). Pahoittelemme!`,
    notForgotten: 'Asiaasi ei ole unohdettu, ja kuulet meistä niin pian kuin mahdollista.',
    noNeedToResend: 'Sinun ei tarvitse lähettää sitä uudelleen.',
  },
};

/** Finland-Swedish: the same words, with an apology in the SMS as Finland's Swedish writes it to a customer. */
const SV_FI: DelayWords = {
  ...SV,
  sms: {
    ...SV.sms,
    late: (ticketId, due, hours) =>
      `Vi skulle ha svarat på ditt ärende${ticketId === null ? '' : ` ${ticketId}`} senast ${due}, men svaret är ${hours} försenat. Vi ber om ursäkt!`,
    lateNow: (ticketId, due) =>
      `Vi skulle ha svarat på ditt ärende${ticketId === null ? '' : ` ${ticketId}`} senast ${due}, men svaret är försenat. Vi ber om ursäkt!`,
    stillLate: (ticketId, due, hours) =>
      `Du väntar fortfarande på svar i ditt ärende${ticketId === null ? '' : ` ${ticketId}`}, nu ${hours} efter ${due}. Vi ber om ursäkt!`,
  },
};

const DA: DelayWords = {
  subject: (ticketId, second) =>
    second
      ? `Din sag ${ticketId} venter stadig på svar – det beklager vi`
      : `Din sag ${ticketId}: vores svar er forsinket`,
  late: (ticketId, due, hours) =>
    p`Vi lovede at svare på din sag (${ticketId}) senest ${due}. Det har vi ikke nået, og svaret er nu ${hours} forsinket. Det beklager vi.`,
  lateNow: (ticketId, due) =>
    p`Vi lovede at svare på din sag (${ticketId}) senest ${due}. Det har vi ikke nået, og det beklager vi.`,
  stillLate: (ticketId, due, hours) =>
    p`Vi har skrevet til dig, at vores svar på din sag (${ticketId}) er forsinket, og du har stadig ikke fået svar. Svaret skulle være kommet senest ${due} og er nu ${hours} forsinket. Det er ikke godt nok, og vi beklager.`,
  notForgotten:
    'Din sag er ikke glemt. Du behøver ikke sende den igen – du hører fra os, så snart vi har et svar.',
  addSomething: 'Har du noget at tilføje, kan du svare på sagen, som du plejer.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    late: (ticketId, due, hours) =>
      `Vi skulle have svaret på din sag${ticketId === null ? '' : ` ${ticketId}`} senest ${due}, men svaret er ${hours} forsinket. Undskyld!`,
    lateNow: (ticketId, due) =>
      `Vi skulle have svaret på din sag${ticketId === null ? '' : ` ${ticketId}`} senest ${due}, men svaret er forsinket. Undskyld!`,
    stillLate: (ticketId, due, hours) =>
      `Du venter stadig på svar på din sag${ticketId === null ? '' : ` ${ticketId}`}, nu ${hours} efter fristen ${due}. Undskyld!`,
    notForgotten: 'Sagen er ikke glemt, og du hører fra os, så snart vi kan.',
    noNeedToResend: 'Du behøver ikke sende den igen.',
  },
};

function isSecond(facts: SupportDelayNoticeFacts): boolean {
  return facts.notice === 2;
}

function body(ctx: Ctx, words: DelayWords): Block[] {
  const { facts, fmt } = ctx;
  const due = b(fmt.dateTime(facts.responseDueAt));
  const hours = b(fmt.hours(facts.overdueHours));
  return [
    isSecond(facts)
      ? words.stillLate(facts.ticketId, due, hours)
      : facts.overdueHours < 1
        ? words.lateNow(facts.ticketId, due)
        : words.late(facts.ticketId, due, hours),
    para(words.notForgotten),
    para(words.addSomething),
  ];
}

function sms(ctx: Ctx, words: DelayWords): SmsPart[] {
  const { facts, fmt } = ctx;
  const ticketId = quotableInSms(facts.ticketId);
  const due = fmt.dateTime(facts.responseDueAt);
  const hours = fmt.hours(facts.overdueHours);
  return [
    words.sms.greeting(ctx.smsName),
    isSecond(facts)
      ? words.sms.stillLate(ticketId, due, hours)
      : facts.overdueHours < 1
        ? words.sms.lateNow(ticketId, due)
        : words.sms.late(ticketId, due, hours),
    words.sms.notForgotten,
    optional(!isSecond(facts) && words.sms.noNeedToResend),
  ];
}

function localeTemplate(words: DelayWords): LocaleTemplate<SupportDelayNoticeFacts> {
  return {
    subject: (ctx) => words.subject(ctx.facts.ticketId, isSecond(ctx.facts)),
    body: (ctx) => body(ctx, words),
    sms: (ctx) => sms(ctx, words),
  };
}

/** The support-delay notice template. */
export const supportDelayNotice: KindTemplate<typeof SupportDelayNoticeFactsSchema> = {
  kind: 'support-delay-notice',
  facts: SupportDelayNoticeFactsSchema,
  texts: {
    'nb-NO': localeTemplate(NB),
    'sv-SE': localeTemplate(SV),
    'en-GB': localeTemplate(EN),
    'fi-FI': localeTemplate(FI),
    'sv-FI': localeTemplate(SV_FI),
    'da-DK': localeTemplate(DA),
  },
};
