import { describe, expect, it } from 'vitest';
import { PURPOSE_OF_KIND } from '#domain/messaging/types.ts';
import * as reportEscape from '#local/report/escape.ts';
import { escapeHtml, html, raw, SafeHtml } from '#templates/html.ts';
import { renderMessage, TemplateError } from '#templates/index.ts';
import {
  answerLinks,
  customer,
  inputFor,
  invoiceFactsWith,
  KINDS,
  LOCALES,
  priceChangeFacts,
  retentionFacts,
  supportDelayFacts,
  UNSUBSCRIBE,
} from './fixtures.ts';

const SCRIPT = '<script>alert(1)</script>';
const QUOTES = `"<>&'`;
const HOSTILE = `Fast ${QUOTES} ${SCRIPT}`;

describe('html tag', () => {
  it('escapes every interpolation and keeps SafeHtml as it is', () => {
    const cell = html`<td title="${QUOTES}">${SCRIPT}${raw('<br>')}</td>`;
    expect(cell).toBeInstanceOf(SafeHtml);
    expect(cell.value).toBe(
      '<td title="&quot;&lt;&gt;&amp;&#39;">&lt;script&gt;alert(1)&lt;/script&gt;<br></td>',
    );
  });

  it('joins arrays and drops null, undefined and false', () => {
    expect(html`${['<a>', html`<b>${'&'}</b>`, null, undefined, false, 0]}`.value).toBe(
      '&lt;a&gt;<b>&amp;</b>0',
    );
  });

  it('is the one the HTML report uses', () => {
    expect(reportEscape.html).toBe(html);
    expect(reportEscape.raw).toBe(raw);
    expect(reportEscape.escapeHtml).toBe(escapeHtml);
    expect(reportEscape.SafeHtml).toBe(SafeHtml);
  });
});

describe('renderMessage: HTML is escaped by construction', () => {
  const hostileFacts: Record<(typeof KINDS)[number], Record<string, unknown>> = {
    'invoice-explanation': invoiceFactsWith(
      [
        { code: 'duplicate', amount: 49, invoiceIds: [`inv-${QUOTES}`, SCRIPT] },
        { code: 'new-charge', amount: 49, descriptions: [HOSTILE] },
      ],
      { invoiceId: `inv-${QUOTES}`, reasons: ['duplicate', 'new-charge'] },
    ),
    'price-change-notice': {
      ...priceChangeFacts(),
      reasons: [{ code: 'other', text: { 'nb-NO': HOSTILE, 'sv-SE': HOSTILE, 'en-GB': HOSTILE } }],
      alternatives: [{ tariffId: 'fix', name: HOSTILE, annualCost: 15675, annualSaving: 1000 }],
    },
    'support-delay-notice': { ...supportDelayFacts(), ticketId: `T-${QUOTES}` },
    'survey-request': { surveyId: `svy-${QUOTES}`, trigger: 'ticket', scale: 'csat-5' },
    'retention-offer': {
      ...retentionFacts(),
      reasons: [{ code: 'custom', text: { 'nb-NO': HOSTILE, 'sv-SE': HOSTILE, 'en-GB': HOSTILE } }],
      offer: { name: HOSTILE, annualSaving: 100 },
    },
    'campaign-message': {
      campaignId: `cmp-${QUOTES}`,
      runAt: '2027-03-02',
      contentLocale: 'nb-NO',
      content: {
        subject: HOSTILE,
        heading: HOSTILE,
        paragraphs: [HOSTILE, `{firstName} ${SCRIPT}`],
        action: { text: HOSTILE, url: 'https://stille.example/offer' },
      },
    },
  };

  const cases = KINDS.flatMap((kind) => LOCALES.map((locale) => ({ kind, locale })));

  it.each(cases)(
    'never lets a hostile customer name or fact into the $kind HTML unescaped ($locale)',
    ({ kind, locale }) => {
      const rendered = renderMessage(
        inputFor(kind, { locale, customer: customer({ name: SCRIPT }), facts: hostileFacts[kind] }),
      );
      const page = rendered.html ?? '';
      expect(page).not.toContain(SCRIPT);
      expect(page).not.toContain(QUOTES);
      expect(page).toContain(escapeHtml(SCRIPT));
      expect(page).not.toMatch(/<script/i);
      // The plain-text part carries the same words, unescaped.
      expect(rendered.text).toContain(SCRIPT);
    },
  );

  it.each(cases)('escapes hostile facts strings in the $kind HTML ($locale)', ({ kind, locale }) => {
    if (kind === 'survey-request') return; // a survey shows no fact strings, only its question
    const rendered = renderMessage(inputFor(kind, { locale, facts: hostileFacts[kind] }));
    expect(rendered.html).toContain(escapeHtml(QUOTES));
    expect(rendered.html).not.toContain(QUOTES);
  });

  it.each(LOCALES)(
    'escapes a <script> in a new-charge description and in an earlier invoice id ($locale)',
    (locale) => {
      const facts = invoiceFactsWith(
        [
          { code: 'duplicate', amount: 620.25, invoiceIds: [SCRIPT] },
          { code: 'new-charge', amount: 49, descriptions: [SCRIPT, `Nett${QUOTES}leie`] },
        ],
        { reasons: ['duplicate', 'new-charge'] },
      );
      const rendered = renderMessage(inputFor('invoice-explanation', { locale, facts }));
      const page = rendered.html ?? '';
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toContain(QUOTES);
      // Once as the earlier invoice, once as a new charge.
      expect(page.split(escapeHtml(SCRIPT)).length - 1).toBe(2);
      expect(page).toContain(escapeHtml(`Nett${QUOTES}leie`));
      expect(rendered.text).toContain(SCRIPT);
      const sms = renderMessage(inputFor('invoice-explanation', { locale, facts, channel: 'sms' }));
      expect(sms.html).toBeNull();
    },
  );

  it('escapes the ampersands of links inside attributes', () => {
    const rendered = renderMessage(
      inputFor('survey-request', { links: { unsubscribe: `${UNSUBSCRIBE}&x=<1>`, answers: answerLinks() } }),
    );
    expect(rendered.html).not.toContain('&x=<1>');
    expect(rendered.html).toContain('&amp;x=&lt;1&gt;');
  });

  it('refuses links that are not http(s) URLs', () => {
    for (const unsubscribe of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      '/relative',
      'https://a.example/ b',
    ]) {
      const attempt = () => renderMessage(inputFor('survey-request', { links: { unsubscribe } }));
      expect(attempt).toThrow(TemplateError);
      expect(attempt).toThrow(/links\.unsubscribe must be an absolute http\(s\) URL/);
    }
  });

  it('uses no scripts and no external assets', () => {
    for (const kind of KINDS) {
      const page = renderMessage(inputFor(kind)).html ?? '';
      expect(page).not.toMatch(/<script|<img|<link|<iframe|\ssrc=|url\(|@import|\son[a-z]+=/i);
    }
  });

  it('gives figures a real table with a caption and row headers', () => {
    const page = renderMessage(inputFor('invoice-explanation')).html ?? '';
    expect(page).toContain('<caption');
    expect(page).toContain('<th scope="row"');
    expect(page).toContain('role="presentation"');
  });
});

describe('renderMessage: unsubscribe link', () => {
  it.each(KINDS)(
    'carries the unsubscribe link in %s only when it is a survey or marketing message',
    (kind) => {
      const rendered = renderMessage(inputFor(kind));
      const purpose = PURPOSE_OF_KIND[kind];
      if (purpose === 'service') {
        expect(rendered.html).not.toContain(UNSUBSCRIBE.replace(/&/g, '&amp;'));
        expect(rendered.text).not.toContain(UNSUBSCRIBE);
      } else {
        expect(rendered.html).toContain(`href="${UNSUBSCRIBE.replace(/&/g, '&amp;')}"`);
        expect(rendered.text).toContain(`Meld deg av: ${UNSUBSCRIBE}`);
      }
    },
  );

  it('leaves the link out of a marketing email that was given none', () => {
    const rendered = renderMessage(inputFor('retention-offer', { links: {} }));
    expect(rendered.text).not.toContain('Meld deg av');
    expect(rendered.html).not.toContain('Meld deg av');
  });

  it.each(['survey-request', 'retention-offer'] as const)(
    'tells how to opt out of a %s SMS only in a way the customer can follow',
    (kind) => {
      // From a two-way number a reply reaches stille: "reply STOP".
      const twoWay = renderMessage({ ...inputFor(kind, { channel: 'sms' }), twoWaySms: true });
      expect(twoWay.text).toContain('STOP');
      // From a sender ID nobody can reply to: the signed opt-out link instead, never "reply STOP".
      const link = 'https://stille.example/unsubscribe?token=abc.def';
      const oneWay = renderMessage(
        inputFor(kind, { channel: 'sms', links: { ...inputFor(kind).links, unsubscribe: link } }),
      );
      expect(oneWay.text).toContain(link);
      expect(oneWay.text).not.toContain('STOP');
    },
  );

  it.each(['invoice-explanation', 'price-change-notice', 'support-delay-notice'] as const)(
    'has no opt-out in a %s SMS',
    (kind) => {
      const rendered = renderMessage(inputFor(kind, { channel: 'sms' }));
      expect(rendered.text).not.toContain('STOP');
    },
  );
});
