import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  contractErrorMap,
  currency,
  describeValue,
  email,
  id,
  instant,
  isCalendarDate,
  isInstant,
  isoDate,
  locale,
  market,
  money,
  phone,
  renderPath,
  s3Location,
  timeZone,
  toFieldErrors,
} from '#domain/contracts/index.ts';

function accepts(schema: z.ZodMiniType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

function messageFor(schema: z.ZodMiniType, value: unknown): string | undefined {
  const result = schema.safeParse(value, { error: contractErrorMap });
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('isoDate', () => {
  it.each(['2027-01-05', '2028-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (date) => {
    expect(accepts(isoDate, date)).toBe(true);
  });

  it.each([
    '2027-02-30',
    '2027-02-29',
    '1900-02-29',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-1-5',
    '27-01-05',
    '2027-01-05T00:00:00Z',
    '',
  ])('rejects %j', (date) => {
    expect(accepts(isoDate, date)).toBe(false);
    expect(isCalendarDate(date)).toBe(false);
  });

  it('says what it expected and what it got', () => {
    expect(messageFor(isoDate, '2027-02-30')).toBe('must be a date as YYYY-MM-DD, got "2027-02-30"');
    expect(messageFor(isoDate, 20270230)).toBe('must be a date as YYYY-MM-DD, got 20270230');
    expect(messageFor(isoDate, undefined)).toBe('is required (a date as YYYY-MM-DD)');
  });
});

describe('instant', () => {
  it.each([
    '2027-01-05T08:00:00Z',
    '2027-01-05T09:00:00+01:00',
    '2027-01-05T03:00:00-05:00',
    '2027-01-05T08:00:00.123Z',
    '2027-01-05T08:00Z',
    '2027-01-05T23:59:59+14:00',
  ])('accepts %s', (value) => {
    expect(accepts(instant, value)).toBe(true);
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    '2027-01-05T08:00:00',
    '2027-01-05 08:00:00Z',
    '2027-01-05',
    '2027-02-30T08:00:00Z',
    '2027-01-05T24:00:00Z',
    '2027-01-05T08:00:00+0100',
    '2027-01-05T08:00:00+15:00',
    '2027-01-05T08:00:00z',
    'yesterday',
  ])('rejects %s', (value) => {
    expect(accepts(instant, value)).toBe(false);
  });
});

describe('locale, timeZone, phone, email', () => {
  it('accepts BCP 47 tags up to 35 characters and nothing else', () => {
    for (const tag of ['nb-NO', 'sv-SE', 'en-GB', 'fi', 'se-Latn-NO'])
      expect(accepts(locale, tag)).toBe(true);
    for (const tag of ['en_GB', 'nb-NO-', '', 'en-GB-u-ca-gregory-nu-latn-co-phonebk-x-abc']) {
      expect(accepts(locale, tag)).toBe(false);
    }
  });

  it('accepts IANA zones with a slash, and UTC', () => {
    for (const zone of ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Helsinki', 'UTC']) {
      expect(accepts(timeZone, zone)).toBe(true);
    }
    for (const zone of ['CET', 'GMT', 'Europe/Atlantis', 'Oslo', ''])
      expect(accepts(timeZone, zone)).toBe(false);
  });

  it('gives the same verdict on a second look-up of a zone', () => {
    expect(accepts(timeZone, 'Europe/Copenhagen')).toBe(accepts(timeZone, 'Europe/Copenhagen'));
    expect(accepts(timeZone, 'Europe/Nowhere')).toBe(accepts(timeZone, 'Europe/Nowhere'));
  });

  it('accepts E.164 phone numbers only', () => {
    for (const number of ['+4791234567', '+46701234567', '+358401234567'])
      expect(accepts(phone, number)).toBe(true);
    for (const number of ['4791234567', '+47 91234567', '+04791234567', '+47123', '+4791234567890123']) {
      expect(accepts(phone, number)).toBe(false);
    }
  });

  it('accepts email addresses of at most 254 characters', () => {
    expect(accepts(email, 'kari@example.no')).toBe(true);
    expect(accepts(email, 'kari@')).toBe(false);
    expect(accepts(email, `${'k'.repeat(64)}@${'d'.repeat(186)}.no`)).toBe(true);
    expect(accepts(email, `${'k'.repeat(64)}@${'d'.repeat(190)}.no`)).toBe(false);
  });
});

describe('id, money, enumerations, s3Location', () => {
  it('accepts ids of 1 to 128 characters without control characters', () => {
    expect(accepts(id, 'c-1001')).toBe(true);
    expect(accepts(id, 'x'.repeat(128))).toBe(true);
    expect(accepts(id, 'x'.repeat(129))).toBe(false);
    expect(accepts(id, '')).toBe(false);
    expect(accepts(id, 'c-1001\n')).toBe(false);
    expect(accepts(id, 'c-\u00851001')).toBe(false);
    expect(messageFor(id, 'a\tb')).toBe('must not contain control characters');
  });

  it('accepts finite money within one billion either way', () => {
    for (const amount of [0, 1240.5, -99.99, 1e9, -1e9]) expect(accepts(money, amount)).toBe(true);
    for (const amount of [1e9 + 1, -1e9 - 1, Number.POSITIVE_INFINITY, Number.NaN, '12']) {
      expect(accepts(money, amount)).toBe(false);
    }
  });

  it('knows the markets and currencies of the contract', () => {
    expect(market.options).toEqual(['NO', 'SE', 'FI', 'DK']);
    expect(currency.options).toEqual(['NOK', 'SEK', 'EUR', 'DKK']);
  });

  it('accepts s3://bucket/key locations', () => {
    expect(accepts(s3Location, 's3://bucket/runs/2027-01.jsonl')).toBe(true);
    expect(accepts(s3Location, `s3://${'b'.repeat(63)}/k`)).toBe(true);
    expect(accepts(s3Location, `s3://${'b'.repeat(64)}/k`)).toBe(false);
    expect(accepts(s3Location, 's3://-bucket/k')).toBe(false);
  });
});

describe('error paths and messages', () => {
  it('renders paths as integrators write them', () => {
    expect(renderPath(['lines', 0, 'amount'])).toBe('lines[0].amount');
    expect(renderPath(['period', 'to'])).toBe('period.to');
    expect(renderPath(['reasons', 1, 'text', 'nb-NO'])).toBe('reasons[1].text.nb-NO');
    expect(renderPath(['files', 's3://bucket/a.jsonl', 2])).toBe('files["s3://bucket/a.jsonl"][2]');
    expect(renderPath([])).toBe('detail');
    expect(renderPath([], 'scenario')).toBe('scenario');
  });

  it('shortens long keys and quoted values', () => {
    expect(renderPath(['text', 'k'.repeat(500)]).length).toBeLessThan(120);
    expect(describeValue('v'.repeat(10_000)).length).toBeLessThan(70);
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue([1, 2])).toBe('an array of 2 items');
  });

  it('turns a zod error into field errors', () => {
    const schema = z.object({ lines: z.array(z.object({ amount: z.number() })) });
    const result = schema.safeParse({ lines: [{ amount: 1 }, { amount: 'x' }] }, { error: contractErrorMap });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(toFieldErrors(result.error)).toEqual([
        { path: 'lines[1].amount', message: 'must be a number, got "x"' },
      ]);
    }
  });

  it('limits the number of field errors', () => {
    const schema = z.array(z.string());
    const result = schema.safeParse(Array.from({ length: 80 }, (_, i) => i));
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(toFieldErrors(result.error)).toHaveLength(50);
      expect(toFieldErrors(result.error, { limit: 3 }).map((e) => e.path)).toEqual(['[0]', '[1]', '[2]']);
    }
  });
});
