import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '#adapters/logger.ts';
import { maskPersonalData } from '#domain/privacy.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The JSON lines the logger writes while `run` runs. */
function linesOf(run: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  run(createLogger({ logLevel: 'DEBUG' }));
  return lines.flatMap((line) => line.split('\n')).filter((line) => line.startsWith('{'));
}

describe('the logger never writes an e-mail address or a phone number', () => {
  it('masks them in the message, in attributes, under address keys and in errors', () => {
    const lines = linesOf((logger) => {
      logger.info('Sent to kari.nordmann@example.no and +47 912 34 567', {
        customerId: 'c-1001',
        to: 'anything at all',
        detail: { note: 'call +4791234567 or write Kari@Example.NO' },
        phone: '+4791234567',
      });
      logger.error('Delivery failed', new Error('Invalid destination +46701234567 for ola@example.se'));
    });
    const text = lines.join('\n');
    expect(lines).toHaveLength(2);
    expect(text).not.toMatch(/example\.no|example\.se|4791234567|912 34 567|46701234567/i);
    expect(text).toContain('<email>');
    expect(text).toContain('<phone>');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      customerId: 'c-1001',
      to: '<masked>',
      phone: '<masked>',
    });
  });

  it('leaves ids, amounts, dates and dedupe keys as they are', () => {
    expect(
      maskPersonalData('invoice-explanation#inv-2027-01#c-1001 1240.50 NOK 2027-01-05T08:00:00Z 1801735200'),
    ).toBe('invoice-explanation#inv-2027-01#c-1001 1240.50 NOK 2027-01-05T08:00:00Z 1801735200');
  });
});
