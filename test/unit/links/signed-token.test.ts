import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_CHARS, signToken, type TokenPayload, verifyToken } from '#domain/links/signed-token.ts';

const SECRET = 'test-link-secret-0123456789abcdef';
const NOW = new Date('2027-01-05T08:00:00Z');
const IN_60_DAYS = Math.floor(NOW.getTime() / 1000) + 60 * 24 * 60 * 60;

/** A token signed like signToken does, over any payload text (to forge malformed payloads). */
function signRaw(json: string, secret = SECRET): string {
  const body = Buffer.from(json, 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('signed tokens', () => {
  it('round-trips a payload', () => {
    const token = signToken({ use: 'unsubscribe', c: 'c-1001', n: 3, exp: IN_60_DAYS }, SECRET);

    expect(verifyToken(token, SECRET, NOW)).toEqual({
      ok: true,
      payload: { use: 'unsubscribe', c: 'c-1001', n: 3, exp: IN_60_DAYS },
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a payload changed after signing', () => {
    const token = signToken({ c: 'c-1001', exp: IN_60_DAYS }, SECRET);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ c: 'c-9999', exp: IN_60_DAYS })).toString('base64url')}.${signature}`;

    expect(verifyToken(forged, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token signed with another secret', () => {
    const token = signToken({ c: 'c-1001', exp: IN_60_DAYS }, 'another-secret');

    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token from the second of its expiry on', () => {
    const exp = Math.floor(NOW.getTime() / 1000);
    const token = signToken({ c: 'c-1001', exp }, SECRET);

    expect(verifyToken(token, SECRET, new Date(NOW.getTime() - 1)).ok).toBe(true);
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['an empty string', ''],
    ['no separator', 'abc'],
    ['three parts', 'a.b.c'],
    ['characters outside base64url', 'ab+/.cd'],
    ['a short signature', `${Buffer.from('{"exp":1}').toString('base64url')}.abc`],
    ['a signature with padding', `${Buffer.from('{"exp":1}').toString('base64url')}.${'A'.repeat(42)}=`],
  ])('refuses %s as malformed', (_label, token) => {
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a payload that is not JSON', 'not json'],
    ['a payload that is an array', '[1,2]'],
    ['a payload without exp', '{"c":"c-1001"}'],
    ['a payload with a fractional exp', '{"exp":1.5}'],
    ['a payload with a nested value', `{"exp":${IN_60_DAYS},"c":{"id":1}}`],
    ['a payload with a boolean value', `{"exp":${IN_60_DAYS},"admin":true}`],
  ])('refuses %s, even correctly signed, as malformed', (_label, json) => {
    expect(verifyToken(signRaw(json), SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signature whose unused trailing bits were changed, though it decodes to the same bytes', () => {
    const token = signToken({ c: 'c-1001', exp: IN_60_DAYS }, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = token.at(-1) ?? '';
    // 32 bytes in 43 characters leave the lowest 2 bits of the last character unused.
    const variant = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;

    expect(Buffer.from(variant.split('.')[1] ?? '', 'base64url')).toEqual(
      Buffer.from(token.split('.')[1] ?? '', 'base64url'),
    );
    expect(verifyToken(variant, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a token longer than 1 KB without looking further', () => {
    const oversize = signRaw(JSON.stringify({ exp: IN_60_DAYS, pad: 'x'.repeat(MAX_TOKEN_CHARS) }));

    expect(oversize.length).toBeGreaterThan(MAX_TOKEN_CHARS);
    expect(verifyToken(oversize, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses to sign a token it would not accept', () => {
    expect(() => signToken({ exp: IN_60_DAYS, pad: 'x'.repeat(MAX_TOKEN_CHARS) }, SECRET)).toThrow(
      RangeError,
    );
    expect(() => signToken({ c: 'c-1001' } as TokenPayload, SECRET)).toThrow(TypeError);
    expect(() => signToken({ exp: IN_60_DAYS, n: Number.NaN }, SECRET)).toThrow(TypeError);
    expect(() => signToken({ exp: IN_60_DAYS }, '')).toThrow(TypeError);
  });
});

// Payloads of strings and finite numbers (-0 is excluded: JSON writes it as 0), small enough to fit.
const payloadArbitrary = fc
  .tuple(
    fc.dictionary(
      fc.string({ maxLength: 12 }).filter((key) => key !== 'exp'),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
      ),
      { maxKeys: 6 },
    ),
    fc.integer({ min: Math.floor(NOW.getTime() / 1000) + 1, max: 2 ** 40 }),
  )
  .map(([values, exp]): TokenPayload => ({ ...values, exp }));

describe('signed token properties', () => {
  it('verifies every payload it signed, unchanged', () => {
    fc.assert(
      fc.property(payloadArbitrary, (payload) => {
        const verified = verifyToken(signToken(payload, SECRET), SECRET, NOW);
        expect(verified).toEqual({ ok: true, payload });
      }),
    );
  });

  it('refuses every token with any single character changed', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(
        payloadArbitrary,
        fc.nat(),
        fc.constantFrom(...alphabet.split('')),
        (payload, position, replacement) => {
          const token = signToken(payload, SECRET);
          const index = position % token.length;
          fc.pre(token[index] !== replacement);
          const changed = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;

          const verified = verifyToken(changed, SECRET, NOW);

          expect(verified.ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
