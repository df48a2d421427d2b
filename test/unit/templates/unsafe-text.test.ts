import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacter, plainText, validateEvent } from '#domain/contracts/index.ts';
import { renderMessage } from '#templates/index.ts';
import { customerUpserted, priceChangeAnnounced } from '../contracts/fixtures.ts';
import { CHANNELS, customer, inputFor, KINDS } from './fixtures.ts';

/** Right-to-left override, pop directional formatting, line and paragraph separators, a lone surrogate. */
const UNSAFE = /[\u202E\u202C\u2028\u2029\u200F\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u;

describe('text that reorders or breaks lines never reaches a greeting or a subject', () => {
  const name = 'Kari\u202Egnp.exe\u202C\u2028Nordmann\uD800';

  it.each(KINDS.flatMap((kind) => CHANNELS.map((channel) => [kind, channel] as const)))(
    '%s by %s greets the customer without bidi controls, separators or lone surrogates',
    (kind, channel) => {
      const rendered = renderMessage(inputFor(kind, { channel, customer: customer({ name }) }));
      for (const text of [rendered.subject ?? '', rendered.text, rendered.html ?? '']) {
        expect(UNSAFE.test(text), `${kind} ${channel}: ${JSON.stringify(text.slice(0, 80))}`).toBe(false);
      }
      if (channel === 'email') expect(rendered.text).toContain('Karignp.exe');
    },
  );

  it('makes plain one-line text of what it is given', () => {
    expect(plainText('Åsa\u2028Lindqvist')).toBe('Åsa Lindqvist');
    expect(plainText('\u202Eevil\u202C name')).toBe('evil name');
    expect(plainText('Bad\uD800')).toBe('Bad\uFFFD');
    expect(plainText('  Kari   Nordmann ')).toBe('Kari   Nordmann');
  });
});

describe('ids are well-formed text', () => {
  it.each([
    ['a lone surrogate', 'c-\uD800', 'must be well-formed text, without lone surrogates'],
    [
      'a right-to-left override',
      'c-\u202E1',
      'must not contain bidirectional-control or line-separator characters',
    ],
    ['a line separator', 'c-\u20281', 'must not contain bidirectional-control or line-separator characters'],
    ['a control character', 'c-\u00071', 'must not contain control characters'],
  ])('refuses a customer id with %s', (_what, customerId, message) => {
    expect(hasUnsafeCharacter(customerId)).toBe(true);
    const result = validateEvent('Customer Upserted', { ...customerUpserted(), customerId });
    expect(result).toEqual({ ok: false, errors: [{ path: 'customerId', message }] });
  });

  it('takes ids in any script', () => {
    expect(
      validateEvent('Customer Upserted', { ...customerUpserted(), customerId: 'kunde-Øyvind-😀' }).ok,
    ).toBe(true);
  });

  it('refuses a link with a bidi control in a price change alternative', () => {
    const change = priceChangeAnnounced() as Record<string, unknown> & {
      alternatives: Array<Record<string, unknown>>;
    };
    const alternatives = change.alternatives.map((a) => ({ ...a, url: 'https://example.no/\u202Eexe.pdf' }));
    expect(alternatives.length).toBeGreaterThan(0);
    const result = validateEvent('Price Change Announced', { ...change, alternatives });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('alternatives[0].url');
  });
});
