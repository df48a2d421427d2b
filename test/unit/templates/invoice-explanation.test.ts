import { describe, expect, it } from 'vitest';
import type { InvoiceExplanationFacts as DomainInvoiceFacts } from '#domain/invoices/types.ts';
import { countSegments } from '#domain/messaging/sms-segments.ts';
import { MAX_SMS_SEGMENTS, type RenderInput, renderMessage } from '#templates/index.ts';
import {
  calendarDate,
  customer,
  inputFor,
  invoiceFacts,
  invoiceFactsWith,
  LOCALES,
  legacyInvoiceFacts,
  money,
  smsForm,
} from './fixtures.ts';

type Locale = (typeof LOCALES)[number];

function email(
  facts: Record<string, unknown>,
  locale: Locale = 'nb-NO',
  overrides: Partial<RenderInput> = {},
) {
  return renderMessage(inputFor('invoice-explanation', { locale, facts, ...overrides }));
}

function sms(facts: Record<string, unknown>, locale: Locale = 'nb-NO', overrides: Partial<RenderInput> = {}) {
  return renderMessage(inputFor('invoice-explanation', { locale, facts, channel: 'sms', ...overrides }));
}

/** The paragraphs of a plain-text email: greeting first, then the body's blocks. */
function paragraphs(text: string): string[] {
  return text.split('\n\n');
}

/** What each locale calls things the tests look for. */
const WORDS: Record<
  Locale,
  {
    summaryCaption: string;
    summaryUsual: string;
    breakdownCaption: string;
    dontPayTwice: string;
    billingTold: string;
    smsDontPayTwice: string;
    smsMainCause: string;
    readingAsk: string;
    smsReadingAsk: string;
    nothingToDo: string;
    spread: string;
    smsSpread: string;
    quote(text: string): string;
    unrecognised: string;
    shortHistory: string;
  }
> = {
  'nb-NO': {
    summaryCaption: 'Fakturaen i tall',
    summaryUsual: 'Vanlig for deg',
    breakdownCaption: 'Hva forskjellen består av',
    dontPayTwice: 'Ikke betal for den samme perioden to ganger.',
    billingTold: 'Vi har sagt fra til faktureringsavdelingen vår.',
    smsDontPayTwice: 'Ikke betal samme periode to ganger',
    smsMainCause: 'Største årsak',
    readingAsk: 'Les av måleren og send oss avlesningen',
    smsReadingAsk: 'send oss en måleravlesning, så retter vi fakturaen',
    nothingToDo: 'trenger du ikke gjøre noe',
    spread: 'delbetaling',
    smsSpread: 'Vil du dele opp betalingen?',
    quote: (text) => `«${text}»`,
    unrecognised: 'Kjenner du den ikke igjen, ta kontakt med oss',
    shortHistory: 'justert for årstiden',
  },
  'sv-SE': {
    summaryCaption: 'Fakturan i siffror',
    summaryUsual: 'Vanligt för dig',
    breakdownCaption: 'Vad skillnaden består av',
    dontPayTwice: 'Betala inte för samma period två gånger.',
    billingTold: 'Vi har meddelat vår faktureringsavdelning.',
    smsDontPayTwice: 'Betala inte samma period två gånger',
    smsMainCause: 'Största orsaken',
    readingAsk: 'Läs av mätaren och skicka oss mätarställningen',
    smsReadingAsk: 'skicka oss din mätarställning, så rättar vi fakturan',
    nothingToDo: 'behöver du inte göra något',
    spread: 'avbetalning',
    smsSpread: 'Vill du dela upp betalningen?',
    quote: (text) => `”${text}”`,
    unrecognised: 'Känner du inte igen den är du välkommen att kontakta oss',
    shortHistory: 'justerad för årstiden',
  },
  'en-GB': {
    summaryCaption: 'Your invoice in numbers',
    summaryUsual: 'Usual for you',
    breakdownCaption: 'What makes up the difference',
    dontPayTwice: 'Please do not pay for the same period twice.',
    billingTold: 'We have told our billing team.',
    smsDontPayTwice: 'Please do not pay for the same period twice',
    smsMainCause: 'Main reason',
    readingAsk: 'Please read your meter and send us the reading',
    smsReadingAsk: 'send us a meter reading and we will correct the invoice',
    nothingToDo: 'nothing you need to do',
    spread: 'instalments',
    smsSpread: 'Want to spread the payment?',
    quote: (text) => `‘${text}’`,
    unrecognised: 'If you do not recognise it, please contact us',
    shortHistory: 'adjusted for the season',
  },
  'fi-FI': {
    summaryCaption: 'Laskusi lukuina',
    summaryUsual: 'Tavallinen laskusi',
    breakdownCaption: 'Mistä ero muodostuu',
    dontPayTwice: 'Älä maksa samaa jaksoa kahteen kertaan.',
    billingTold: 'Olemme ilmoittaneet asiasta laskutukseemme.',
    smsDontPayTwice: 'Älä maksa samaa jaksoa kahdesti',
    smsMainCause: 'Suurin syy',
    readingAsk: 'Lue mittarisi ja lähetä lukema meille',
    smsReadingAsk: 'lähetä meille mittarilukema, niin korjaamme laskun',
    nothingToDo: 'sinun ei tarvitse tehdä mitään',
    spread: 'erissä',
    smsSpread: 'Haluatko maksaa erissä?',
    quote: (text) => `”${text}”`,
    unrecognised: 'Jos et tunnista sitä, ota yhteyttä',
    shortHistory: 'vuodenajan mukaan',
  },
  'sv-FI': {
    summaryCaption: 'Fakturan i siffror',
    summaryUsual: 'Vanligt för dig',
    breakdownCaption: 'Vad skillnaden består av',
    dontPayTwice: 'Betala inte för samma period två gånger.',
    billingTold: 'Vi har meddelat vår faktureringsavdelning.',
    smsDontPayTwice: 'Betala inte samma period två gånger',
    smsMainCause: 'Största orsaken',
    readingAsk: 'Läs av mätaren och skicka oss mätarställningen',
    smsReadingAsk: 'skicka oss din mätarställning, så rättar vi fakturan',
    nothingToDo: 'behöver du inte göra något',
    spread: 'i rater',
    smsSpread: 'Vill du betala i rater?',
    quote: (text) => `”${text}”`,
    unrecognised: 'Känner du inte igen den är du välkommen att kontakta oss',
    shortHistory: 'justerad för årstiden',
  },
  'da-DK': {
    summaryCaption: 'Din regning i tal',
    summaryUsual: 'Normalt for dig',
    breakdownCaption: 'Hvad forskellen består af',
    dontPayTwice: 'Betal ikke for den samme periode to gange.',
    billingTold: 'Vi har givet besked til vores fakturering.',
    smsDontPayTwice: 'Betal ikke den samme periode to gange',
    smsMainCause: 'Største årsag',
    readingAsk: 'Aflæs din måler, og send os aflæsningen',
    smsReadingAsk: 'send os en måleraflæsning, så retter vi regningen',
    nothingToDo: 'behøver du ikke gøre noget',
    spread: 'rater',
    smsSpread: 'Vil du dele betalingen op?',
    quote: (text) => `»${text}«`,
    unrecognised: 'Kan du ikke genkende den, så kontakt os',
    shortHistory: 'justeret for årstiden',
  },
};

const EARLIER = 'inv-2026-12-c-1001';

/** An invoice that overlaps an earlier one by 620,25 kr, and is above the expected amount too. */
function duplicateFacts(invoiceIds: string[] = [EARLIER]): Record<string, unknown> {
  return invoiceFactsWith([{ code: 'duplicate', amount: 620.25, invoiceIds }], {
    reasons: ['above-expected', 'duplicate'],
  });
}

/** An invoice whose consumption is estimated. */
function estimatedFacts(): Record<string, unknown> {
  return invoiceFactsWith([{ code: 'estimated-reading', amount: 150 }], {
    estimatedReading: true,
    reasons: ['above-expected', 'estimated-reading'],
  });
}

/** An invoice with new charges of 49 kr in all. */
function newChargeFacts(descriptions: string[]): Record<string, unknown> {
  return invoiceFactsWith([{ code: 'new-charge', amount: 49, descriptions }], {
    reasons: ['new-charge'],
  });
}

describe('invoice explanation: a period invoiced twice', () => {
  it.each(LOCALES)(
    'leads with what to do when the period was invoiced already, with no comparison with the usual amount (%s)',
    (locale) => {
      const words = WORDS[locale];
      const rendered = email(duplicateFacts(), locale);
      const [, warning, intro, next] = paragraphs(rendered.text);
      expect(warning?.startsWith(words.dontPayTwice)).toBe(true);
      expect(warning).toContain(EARLIER);
      expect(warning).toContain(money(locale, 'NOK', 620.25));
      expect(warning).toContain(words.billingTold);
      // How to reach us, right where the customer is asked to contact us.
      expect(warning).toContain('+47 21 00 00 00');
      expect(intro).toContain(money(locale, 'NOK', 1240.5));
      expect(next?.startsWith(words.summaryCaption)).toBe(true);
      // The usual amount (930,50) and the difference (310) are not the point of this message.
      expect(rendered.text).not.toContain(money(locale, 'NOK', 930.5));
      expect(rendered.text).not.toContain(money(locale, 'NOK', 310));
      expect(rendered.text).not.toContain(words.summaryUsual);
      expect(rendered.html).toContain(`<strong>${words.dontPayTwice}</strong>`);
      expect(rendered.subject).not.toBe(email(invoiceFacts(), locale).subject);

      const text = sms(duplicateFacts(), locale).text;
      const amountAt = text.indexOf(smsForm(money(locale, 'NOK', 1240.5)));
      const warningAt = text.indexOf(words.smsDontPayTwice);
      expect(warningAt).toBeGreaterThan(0);
      expect(amountAt).toBeGreaterThan(warningAt);
      expect(text).not.toContain(words.smsMainCause);
      expect(text).not.toContain(smsForm(money(locale, 'NOK', 310)));
      expect(text).toContain(EARLIER);
      expect(text).toContain(smsForm(money(locale, 'NOK', 620.25)));
    },
  );

  it.each(LOCALES)(
    'tells the whole story in one message when billing sent the invoice twice (%s)',
    (locale) => {
      const facts = {
        ...duplicateFacts(),
        original: { invoiceId: EARLIER, amount: 1240.5, expectedAmount: 930.5, difference: 310 },
      };
      const [, warning, , , original] = paragraphs(email(facts, locale).text);
      expect(warning?.startsWith(WORDS[locale].dontPayTwice)).toBe(true);
      expect(original).toContain(EARLIER);
      expect(original).toContain(money(locale, 'NOK', 1240.5));
      expect(original).toContain(money(locale, 'NOK', 310));
      expect(original).toContain(money(locale, 'NOK', 930.5));
    },
  );

  it('names every earlier invoice in the email, and in the SMS only when there are few and short ones', () => {
    const two = duplicateFacts(['inv-A', 'inv-B']);
    expect(email(two).text).toContain('på fakturaene inv-A og inv-B');
    expect(sms(two).text).toContain('(inv-A og inv-B)');

    const three = duplicateFacts(['inv-A', 'inv-B', 'inv-C']);
    expect(email(three).text).toContain('inv-A, inv-B og inv-C');
    expect(sms(three).text).not.toContain('inv-A');

    const long = `inv-${'9'.repeat(30)}`;
    expect(email(duplicateFacts([long])).text).toContain(long);
    expect(sms(duplicateFacts([long])).text).not.toContain(long);
    expect(sms(duplicateFacts([long])).text).toContain(WORDS['nb-NO'].smsDontPayTwice);
  });

  it('warns about a duplicate the reasons name even when no cause carries its details', () => {
    const facts = { ...invoiceFacts(), reasons: ['duplicate'] };
    const [, warning] = paragraphs(email(facts).text);
    expect(warning?.startsWith(WORDS['nb-NO'].dontPayTwice)).toBe(true);
    expect(warning).not.toContain('på faktura');
    expect(sms(facts).text).toContain(WORDS['nb-NO'].smsDontPayTwice);
  });

  it('offers no instalments for an invoice that may be paid twice, and does not say all is well', () => {
    const rendered = email(duplicateFacts());
    expect(rendered.text).not.toContain(WORDS['nb-NO'].spread);
    expect(rendered.text).not.toContain(WORDS['nb-NO'].nothingToDo);
    expect(sms(duplicateFacts()).text).not.toContain(WORDS['nb-NO'].smsSpread);
  });
});

describe('invoice explanation: an estimated reading', () => {
  it.each(LOCALES)('asks for a meter reading when the reading was estimated (%s)', (locale) => {
    const words = WORDS[locale];
    const rendered = email(estimatedFacts(), locale);
    const ask = paragraphs(rendered.text).find((paragraph) => paragraph.includes(words.readingAsk));
    expect(ask).toBeDefined();
    expect(ask).toContain(calendarDate(locale, '2027-01-20'));
    expect(ask).toContain(money(locale, 'NOK', 150));
    expect(rendered.html).toContain(`<strong>${words.readingAsk}</strong>`);
    expect(rendered.text).not.toContain(words.nothingToDo);
    expect(sms(estimatedFacts(), locale).text).toContain(words.smsReadingAsk);
  });

  it('asks for a meter reading whether the flag, the cause or the reason says the reading was estimated', () => {
    const ask = WORDS['nb-NO'].readingAsk;
    expect(email({ ...invoiceFacts(), estimatedReading: true }).text).toContain(ask);
    expect(email({ ...invoiceFacts(), reasons: ['estimated-reading'] }).text).toContain(ask);
    expect(email(invoiceFactsWith([{ code: 'estimated-reading' }], { reasons: undefined })).text).toContain(
      ask,
    );
  });

  it('asks for no meter reading when the reading was actual', () => {
    const rendered = email(invoiceFacts());
    expect(rendered.text).not.toContain(WORDS['nb-NO'].readingAsk);
    expect(rendered.text).toContain(WORDS['nb-NO'].nothingToDo);
    expect(sms(invoiceFacts()).text).not.toContain(WORDS['nb-NO'].smsReadingAsk);
  });
});

describe('invoice explanation: a higher amount than expected', () => {
  it.each(LOCALES)(
    'offers to spread the payment, asking to hear from the customer before the due date (%s)',
    (locale) => {
      const words = WORDS[locale];
      const due = calendarDate(locale, '2027-01-20');
      const offer = paragraphs(email(invoiceFacts(), locale).text).find((paragraph) =>
        paragraph.includes(words.spread),
      );
      expect(offer).toContain(due);
      const text = sms(invoiceFacts(), locale).text;
      expect(text).toContain(words.smsSpread);
      expect(text).toContain(smsForm(due));
    },
  );

  it('offers no instalments when the amount is not why the invoice is explained, or is lower', () => {
    const newChargeOnly = { ...invoiceFacts(), reasons: ['new-charge'] };
    expect(email(newChargeOnly).text).not.toContain(WORDS['nb-NO'].spread);
    expect(sms(newChargeOnly).text).not.toContain(WORDS['nb-NO'].smsSpread);
    const lower = {
      ...legacyInvoiceFacts(),
      amount: 820,
      difference: -110.5,
      causes: [{ code: 'consumption', amount: -110.5 }],
    };
    expect(email(lower).text).not.toContain(WORDS['nb-NO'].spread);
  });

  it('offers instalments for a higher invoice from a producer that sends no reasons', () => {
    expect(email(legacyInvoiceFacts()).text).toContain(WORDS['nb-NO'].spread);
  });
});

describe('invoice explanation: a new charge', () => {
  it.each(LOCALES)(
    'names the new charge, says where it may come from and asks to hear if it is unexpected (%s)',
    (locale) => {
      const words = WORDS[locale];
      const rendered = email(newChargeFacts(['Effekttariff']), locale);
      const paragraph = paragraphs(rendered.text).find((text) => text.includes(words.quote('Effekttariff')));
      expect(paragraph).toContain(money(locale, 'NOK', 49));
      expect(paragraph).toContain(words.unrecognised);
      expect(sms(newChargeFacts(['Effekttariff']), locale).text).toContain('"Effekttariff"');
    },
  );

  it('lists several new charges with what they cost together', () => {
    const rendered = email(newChargeFacts(['Effekttariff', 'Gebyr for papirfaktura']));
    expect(rendered.text).toContain(
      `nye poster på fakturaen: «Effekttariff» og «Gebyr for papirfaktura» (til sammen ${money('nb-NO', 'NOK', 49)})`,
    );
    expect(sms(newChargeFacts(['Effekttariff', 'Papirgebyr'])).text).toContain(
      'Nye poster på fakturaen: "Effekttariff" og "Papirgebyr"',
    );
  });

  it('names a long charge in the email only, and writes a description with line breaks on one line', () => {
    const long = 'Tilleggstjeneste for strømstøtte og måleroppgradering';
    expect(email(newChargeFacts([long])).text).toContain(`«${long}»`);
    expect(sms(newChargeFacts([long])).text).not.toContain(long);
    expect(email(newChargeFacts(['Effekt-\r\n\ttariff'])).text).toContain('«Effekt- tariff»');
    const blank = email(newChargeFacts(['', ' \n ', 'Effekttariff'])).text;
    expect(blank).toContain('Det er en ny post på fakturaen: «Effekttariff»');
    expect(blank).not.toContain('«»');
  });
});

describe('invoice explanation: paper invoices', () => {
  it.each(LOCALES)(
    'tells a paper-invoice customer in Sweden about e-faktura, autogiro and Swish (%s)',
    (locale) => {
      const paper = email(invoiceFacts(), locale, { customer: customer({ market: 'SE' }) });
      for (const method of ['e-faktura', 'autogiro', 'Swish']) expect(paper.text).toContain(method);
      expect(paper.text).not.toContain('AvtaleGiro');
      const digital = email(invoiceFacts(), locale, {
        customer: customer({ market: 'SE', paymentMethod: 'direct-debit' }),
      });
      for (const method of ['e-faktura', 'autogiro', 'Swish']) expect(digital.text).not.toContain(method);
    },
  );

  it.each(LOCALES)(
    'tells a paper-invoice customer in Norway about eFaktura and AvtaleGiro (%s)',
    (locale) => {
      const paper = email(invoiceFacts(), locale, { customer: customer({ market: 'NO' }) });
      for (const method of ['eFaktura', 'AvtaleGiro']) expect(paper.text).toContain(method);
      expect(paper.text).not.toContain('Swish');
      const digital = email(invoiceFacts(), locale, {
        customer: customer({ market: 'NO', paymentMethod: 'e-invoice' }),
      });
      for (const method of ['eFaktura', 'AvtaleGiro']) expect(digital.text).not.toContain(method);
    },
  );

  it.each(LOCALES)(
    'tells a paper-invoice customer in Finland about e-lasku paid automatically (the successor of suoramaksu) and MobilePay (%s)',
    (locale) => {
      const paper = email(invoiceFacts(), locale, { customer: customer({ market: 'FI' }), currency: 'EUR' });
      expect(paper.text).toMatch(/e-lasku|e-faktura|E-laskuna/);
      expect(paper.text).toMatch(/automa/);
      expect(paper.text).toContain('MobilePay');
      expect(paper.text).not.toMatch(/AvtaleGiro|autogiro|Swish|eFaktura|Betalingsservice|e-Boks/i);
      const digital = email(invoiceFacts(), locale, {
        customer: customer({ market: 'FI', paymentMethod: 'e-invoice' }),
        currency: 'EUR',
      });
      expect(digital.text).not.toContain('MobilePay');
    },
  );

  it.each(LOCALES)(
    'tells a paper-invoice customer in Denmark about Betalingsservice, e-Boks and MobilePay (%s)',
    (locale) => {
      const paper = email(invoiceFacts(), locale, { customer: customer({ market: 'DK' }), currency: 'DKK' });
      for (const method of ['Betalingsservice', 'e-Boks', 'MobilePay']) expect(paper.text).toContain(method);
      expect(paper.text).not.toMatch(/AvtaleGiro|autogiro|Swish|eFaktura|e-lasku/i);
      const digital = email(invoiceFacts(), locale, {
        customer: customer({ market: 'DK', paymentMethod: 'direct-debit' }),
        currency: 'DKK',
      });
      for (const method of ['Betalingsservice', 'e-Boks', 'MobilePay']) {
        expect(digital.text).not.toContain(method);
      }
    },
  );

  it('writes the Danish payment advice in Danish, naming Digital Post', () => {
    const paper = email(invoiceFacts(), 'da-DK', { customer: customer({ market: 'DK' }), currency: 'DKK' });
    expect(paper.text).toContain('Med Betalingsservice bliver den betalt automatisk på forfaldsdatoen');
    expect(paper.text).toContain('Digital Post');
  });

  it('writes the Finnish payment advice in Finnish: e-lasku replaces suoramaksu', () => {
    const paper = email(invoiceFacts(), 'fi-FI', { customer: customer({ market: 'FI' }), currency: 'EUR' });
    expect(paper.text).toContain('E-laskuna se tulee suoraan verkkopankkiisi');
    expect(paper.text).toContain('suoramaksussa');
    expect(paper.text).toContain('MobilePaylla');
  });
});

describe('invoice explanation: how the usual amount was found', () => {
  it.each(LOCALES)(
    'says the usual amount is an estimate adjusted for the season when there is no same season to compare with (%s)',
    (locale) => {
      const words = WORDS[locale];
      const profile = paragraphs(email({ ...invoiceFacts(), basis: 'seasonal-profile' }, locale).text);
      const note = profile.findIndex((paragraph) => paragraph.includes(words.shortHistory));
      const summary = profile.findIndex((paragraph) => paragraph.startsWith(words.summaryCaption));
      expect(note).toBe(summary + 1);
      expect(email(invoiceFacts(), locale).text).not.toContain(words.shortHistory);
      expect(email(legacyInvoiceFacts(), locale).text).not.toContain(words.shortHistory);
    },
  );
});

describe('invoice explanation: the breakdown', () => {
  it('leaves out causes that round to 0.00 and keeps the total', () => {
    const facts = {
      ...invoiceFacts(),
      causes: [
        { code: 'consumption', amount: 310, quantity: 1650, expectedQuantity: 1230, unit: 'kWh' },
        { code: 'price', amount: 0 },
        { code: 'fees', amount: 0.004 },
      ],
    };
    const breakdown = paragraphs(email(facts).text).find((paragraph) =>
      paragraph.startsWith(WORDS['nb-NO'].breakdownCaption),
    );
    const labels = (breakdown ?? '')
      .split('\n')
      .slice(1)
      .map((row) => row.trim().split(/ \(|:/)[0]);
    expect(labels).toEqual(['Forbruk', 'Til sammen']);
    expect(breakdown).toContain(`Til sammen: ${money('nb-NO', 'NOK', 310, true)}`);
  });

  it('shows no breakdown when every cause is 0.00', () => {
    const facts = {
      ...invoiceFacts(),
      amount: 930.5,
      difference: 0,
      causes: [
        { code: 'consumption', amount: 0 },
        { code: 'price', amount: 0 },
        { code: 'fees', amount: 0 },
      ],
    };
    expect(email(facts).text).not.toContain(WORDS['nb-NO'].breakdownCaption);
  });
});

describe('invoice explanation: producers old and new', () => {
  it.each(LOCALES)('renders the older facts shape without reasons, basis or details (%s)', (locale) => {
    const rendered = email(legacyInvoiceFacts(), locale);
    expect(rendered.text).toContain(money(locale, 'NOK', 1240.5));
    expect(rendered.text).toContain(money(locale, 'NOK', 290, true));
    const text = sms(legacyInvoiceFacts(), locale).text;
    expect(countSegments(text).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    expect(text).toContain(WORDS[locale].smsMainCause);
  });

  it('renders the facts the invoice domain writes, with every cause it may name', () => {
    const facts: DomainInvoiceFacts = {
      invoiceId: 'inv-2027-01-c-1001',
      currency: 'NOK',
      amount: 1910.75,
      expectedAmount: 930.5,
      difference: 980.25,
      dueDate: '2027-01-20',
      period: { from: '2026-12-01', to: '2026-12-31' },
      estimatedReading: true,
      reasons: ['above-expected', 'duplicate', 'new-charge', 'estimated-reading'],
      basis: 'seasonal-profile',
      causes: [
        { code: 'consumption', amount: 931.25, quantity: 2900, expectedQuantity: 1230, unit: 'kWh' },
        { code: 'price', amount: 0, unitPrice: 0.5675, expectedUnitPrice: 0.5675, unit: 'kWh' },
        { code: 'fees', amount: 49 },
        { code: 'estimated-reading' },
        { code: 'duplicate', amount: 620.25, invoiceIds: [EARLIER] },
        { code: 'new-charge', amount: 49, descriptions: ['Effekttariff'] },
      ],
    };
    for (const locale of LOCALES) {
      const words = WORDS[locale];
      const rendered = email({ ...facts }, locale);
      for (const phrase of [words.dontPayTwice, words.readingAsk, words.quote('Effekttariff')]) {
        expect(rendered.text).toContain(phrase);
      }
      // "Usual for you" is no part of a duplicate's message, so neither is how it was estimated.
      expect(rendered.text).not.toContain(words.shortHistory);
      const single = {
        ...facts,
        reasons: facts.reasons.filter((reason) => reason !== 'duplicate'),
        causes: facts.causes.filter((cause) => cause.code !== 'duplicate'),
      };
      expect(email(single, locale).text).toContain(words.shortHistory);
      const text = sms({ ...facts }, locale).text;
      expect(text).toContain(words.smsDontPayTwice);
      expect(text).toContain(words.smsReadingAsk);
      expect(countSegments(text).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    }
  });
});

describe('invoice explanation: a price spike', () => {
  /** January at the usual 1,867 kWh, the price 1.25 → 1.95 per kWh: 1,306.90 kr above the usual 2,382.75. */
  const spike = (overrides: Record<string, unknown> = {}) => ({
    ...invoiceFacts(),
    amount: 3689.65,
    expectedAmount: 2382.75,
    difference: 1306.9,
    period: { from: '2027-01-01', to: '2027-01-31' },
    dueDate: '2027-02-20',
    causes: [
      { code: 'consumption', amount: 0, quantity: 1867, expectedQuantity: 1867, unit: 'kWh' },
      { code: 'price', amount: 1306.9, unitPrice: 1.95, expectedUnitPrice: 1.25, unit: 'kWh' },
      { code: 'fees', amount: 0 },
    ],
    ...overrides,
  });
  const told = { priceNotice: { noticeDate: '2027-01-10', effectiveDate: '2027-01-01' } };

  it.each(LOCALES)('%s: says the price is higher than usual for the season, in unit prices', (locale) => {
    const rendered = email(spike(), locale);
    expect(rendered.text).toMatch(
      /higher than you usually pay at this time of year|høyere enn det du vanligvis betaler på denne tiden av året|högre än det du brukar betala den här tiden på året|korkeampi kuin tähän aikaan vuodesta yleensä|højere, end du plejer at betale på denne tid af året/,
    );
    expect(rendered.text).not.toMatch(
      /As we told you|Som vi fortalte|Som vi berättade|Kuten kerroimme|Som vi fortalte dig/,
    );
  });

  it.each(LOCALES)(
    '%s: says "as we told you on <date>" when the notice took effect in the period',
    (locale) => {
      const rendered = email(spike(told), locale);
      const noticeDate = calendarDate(locale, '2027-01-10');
      const said = {
        'en-GB': 'As we told you on',
        'nb-NO': 'Som vi fortalte deg',
        'sv-SE': 'Som vi berättade för dig den',
        'fi-FI': 'Kuten kerroimme sinulle',
        'sv-FI': 'Som vi berättade för dig den',
        'da-DK': 'Som vi fortalte dig den',
      }[locale];
      expect(rendered.text).toContain(`${said} ${noticeDate}`);
      expect(rendered.html).toContain(noticeDate);
      expect(rendered.text).not.toMatch(
        /higher than you usually pay|høyere enn det du vanligvis|högre än det du brukar|korkeampi kuin|højere, end du plejer/,
      );
      const text = sms(spike(told), locale).text;
      expect(text).toContain(smsForm(noticeDate));
      expect(countSegments(text).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    },
  );

  it('says nothing of the price when the consumption made the difference', () => {
    const rendered = email(invoiceFacts(), 'en-GB');
    expect(rendered.text).not.toMatch(/usually pay at this time of year|As we told you/);
  });
});

describe('invoice explanation: after a lasting change', () => {
  it.each(LOCALES)('%s: says the usual amount is the new level since the month it changed', (locale) => {
    const rendered = email({ ...invoiceFacts(), lastingChange: { since: '2026-12-01' } }, locale);
    const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(2026, 11, 1),
    );
    // Finnish says "in December" with the month in the inessive: joulukuu 2026 → joulukuussa 2026.
    expect(rendered.text).toContain(locale === 'fi-FI' ? 'joulukuussa 2026' : month);
    expect(rendered.text).toMatch(/new level|nye nivået|nya nivån|uudella tasolla|nye niveau/);
  });
});
