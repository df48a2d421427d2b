import { describe, expect, it } from 'vitest';
import { isStopReply, normalizeReply, STOP_WORDS } from '#domain/sms/replies.ts';

describe('stop replies', () => {
  it.each([
    ['STOP', 'NO'],
    ['stopp', 'NO'],
    [' Stopp! ', 'NO'],
    ['avslutt.', 'NO'],
    ['SLUTA', 'SE'],
    ['avsluta', 'SE'],
    ['Lopeta', 'FI'],
    ['afmeld', 'DK'],
  ] as const)(
    'takes "%s" as a stop in %s (trimmed, any case, trailing punctuation ignored)',
    (body, market) => {
      expect(isStopReply(body, market)).toBe(true);
    },
  );

  it('reads a word as the market the customer is in uses it', () => {
    expect(isStopReply('sluta', 'SE')).toBe(true);
    expect(isStopReply('sluta', 'NO')).toBe(false);
    // From a number no customer has: any market's word.
    expect(isStopReply('sluta')).toBe(true);
  });

  it('does not take a sentence that contains a stop word as an instruction', () => {
    expect(isStopReply('Takk, ikke stopp dette!', 'NO')).toBe(false);
    expect(isStopReply('stop it please', 'SE')).toBe(false);
    expect(isStopReply('', 'NO')).toBe(false);
  });

  it('lets English STOP stop texts in every market', () => {
    for (const words of Object.values(STOP_WORDS)) expect(words).toContain('STOP');
  });

  it('bounds what it reads of a reply', () => {
    expect(normalizeReply(`STOP${' '.repeat(5000)}x`)).toBe('STOP');
  });
});
