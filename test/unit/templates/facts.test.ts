import { describe, expect, it } from 'vitest';
import { renderMessage, TemplateError } from '#templates/index.ts';
import { customer, factsOf, inputFor, invoiceFacts, invoiceFactsWith, type KINDS } from './fixtures.ts';

/** Renders and returns the TemplateError it throws (fails the test when nothing is thrown). */
function templateError(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError, nothing was thrown');
}

const REQUIRED_NUMBERS: Record<(typeof KINDS)[number], string[]> = {
  'invoice-explanation': ['amount', 'expectedAmount', 'difference'],
  'price-change-notice': [
    'oldPrice',
    'newPrice',
    'annualCostBefore',
    'annualCostAfter',
    'monthlyDifference',
    'noticeDays',
  ],
  'support-delay-notice': ['overdueHours'],
  'survey-request': [],
  'retention-offer': [],
  'campaign-message': [],
};

describe('renderMessage: facts the kind needs', () => {
  const missing = Object.entries(REQUIRED_NUMBERS).flatMap(([kind, facts]) =>
    facts.map((fact) => ({ kind: kind as (typeof KINDS)[number], fact })),
  );

  it.each(missing)('refuses $kind without $fact and names it', ({ kind, fact }) => {
    const facts = { ...factsOf(kind) };
    delete facts[fact];
    for (const channel of ['email', 'sms'] as const) {
      const error = templateError(() => renderMessage(inputFor(kind, { facts, channel })));
      expect(error.kind).toBe(kind);
      expect(error.errors).toContainEqual({
        path: `facts.${fact}`,
        message: expect.stringMatching(/required/),
      });
      expect(error.message).toContain(`facts.${fact}`);
    }
  });

  it.each(missing)('refuses $kind whose $fact is not a number', ({ kind, fact }) => {
    const error = templateError(() =>
      renderMessage(inputFor(kind, { facts: { ...factsOf(kind), [fact]: '1 240,50' } })),
    );
    expect(error.errors).toContainEqual({
      path: `facts.${fact}`,
      message: 'must be a number, got "1 240,50"',
    });
  });

  it.each([
    ['price-change-notice', 'effectiveDate', '01.02.2027'],
    ['support-delay-notice', 'responseDueAt', '2027-01-05 08:00'],
    ['invoice-explanation', 'dueDate', '2027-02-30'],
  ] as const)('refuses %s whose %s is not a valid date', (kind, fact, value) => {
    const error = templateError(() =>
      renderMessage(inputFor(kind, { facts: { ...factsOf(kind), [fact]: value } })),
    );
    expect(error.errors.map((e) => e.path)).toContain(`facts.${fact}`);
  });

  it('names the cause whose amount is missing', () => {
    const facts = { ...invoiceFacts(), causes: [{ code: 'consumption' }] };
    const error = templateError(() => renderMessage(inputFor('invoice-explanation', { facts })));
    expect(error.errors).toContainEqual({
      path: 'facts.causes[0].amount',
      message: 'is required for a "consumption" cause (a number)',
    });
  });

  it('refuses more than 20 new-charge descriptions or earlier invoice ids', () => {
    const many = Array.from({ length: 21 }, (_, index) => `x-${index}`);
    const facts = invoiceFactsWith([
      { code: 'duplicate', invoiceIds: many },
      { code: 'new-charge', descriptions: many },
      { code: 'new-charge', descriptions: ['x'.repeat(201)] },
    ]);
    const error = templateError(() => renderMessage(inputFor('invoice-explanation', { facts })));
    expect(error.errors.map((e) => e.path)).toEqual([
      'facts.causes[3].invoiceIds',
      'facts.causes[4].descriptions',
      'facts.causes[5].descriptions[0]',
    ]);
  });

  it('refuses a reason or a basis it does not know', () => {
    const facts = { ...invoiceFacts(), reasons: ['above-expected', 'too-cold'], basis: 'guess' };
    const error = templateError(() => renderMessage(inputFor('invoice-explanation', { facts })));
    expect(error.errors.map((e) => e.path)).toEqual(['facts.reasons[1]', 'facts.basis']);
  });

  it('refuses a difference that is not the amount minus the usual amount', () => {
    const facts = { ...invoiceFacts(), difference: 300 };
    const error = templateError(() => renderMessage(inputFor('invoice-explanation', { facts })));
    expect(error.errors).toContainEqual({
      path: 'facts.difference',
      message: 'must be amount − expectedAmount (310), got 300',
    });
  });

  it('refuses a survey trigger or scale it does not know', () => {
    const error = templateError(() =>
      renderMessage(
        inputFor('survey-request', { facts: { surveyId: 's', trigger: 'purchase', scale: 'stars-7' } }),
      ),
    );
    expect(error.errors.map((e) => e.path)).toEqual(['facts.trigger', 'facts.scale']);
  });

  it('refuses a survey email without a one-click link for every score, naming the missing ones', () => {
    const answers = { '1': 'https://s.example/1', '2': 'https://s.example/2', '5': 'https://s.example/5' };
    const error = templateError(() => renderMessage(inputFor('survey-request', { links: { answers } })));
    expect(error.errors.map((e) => e.path)).toEqual(['links.answers.3', 'links.answers.4']);
  });

  it('refuses an unknown currency and an unknown time zone', () => {
    const { currency: _dropped, ...facts } = invoiceFacts();
    const currency = templateError(() =>
      renderMessage(inputFor('invoice-explanation', { facts, currency: 'XBT' })),
    );
    expect(currency.errors[0]?.path).toBe('currency');
    const zone = templateError(() =>
      renderMessage(inputFor('invoice-explanation', { customer: customer({ timeZone: 'Mars/Olympus' }) })),
    );
    expect(zone.errors[0]?.path).toBe('customer.timeZone');
  });

  it('is an Error with a name workflows can catch', () => {
    const error = templateError(() => renderMessage(inputFor('survey-request', { facts: {} })));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TemplateError');
    expect(error.message).toMatch(/^cannot render survey-request: facts\.surveyId is required/);
  });

  it('refuses an SMS that cannot fit in three segments, naming the SMS', () => {
    const page = `https://stille.example/s/${'x'.repeat(600)}`;
    const error = templateError(() =>
      renderMessage(inputFor('survey-request', { channel: 'sms', links: { answers: { survey: page } } })),
    );
    expect(error.errors[0]?.path).toBe('sms');
    expect(error.errors[0]?.message).toMatch(/needs \d+ segments .* at most 3 are allowed/);
  });
});
