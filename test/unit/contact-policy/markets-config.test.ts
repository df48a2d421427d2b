import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MARKETS_CONFIG,
  loadMarketsConfig,
  MARKETING_CONSENT_BASES,
  MARKETS_CONFIG_ENV,
  MAX_MARKETS_CONFIG_CHARS,
  type MarketsConfigInput,
  parseMarketsConfig,
  QUIET_HOURS_BY_MARKET,
  serializeMarketsConfig,
  settingsForMarket,
} from '#domain/config/markets.ts';
import { MARKETS } from '#domain/contracts/common.ts';

/** A minimal valid configuration as ops would write it: senders only, everything else defaulted. */
function minimal(): MarketsConfigInput {
  const market = (address: string) => ({
    email: { from: `Kundeservice <${address}>` },
    sms: { originationIdentity: 'ACMEPOWER' },
  });
  return {
    markets: {
      NO: market('varsel@acme.no'),
      SE: market('avisering@acme.se'),
      FI: market('ilmoitus@acme.fi'),
      DK: market('besked@acme.dk'),
    },
  };
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function pathsOf(json: unknown): string[] {
  return errorOf(() => loadMarketsConfig(JSON.stringify(json))).errors.map((error) => error.path);
}

describe('DEFAULT_MARKETS_CONFIG', () => {
  it('configures every market with 21:00–08:00 SMS quiet hours', () => {
    for (const market of MARKETS) {
      expect(DEFAULT_MARKETS_CONFIG.markets[market].quietHours).toEqual({ start: '21:00', end: '08:00' });
    }
  });

  it('caps surveys at one in 90 days and marketing at two in 30 days', () => {
    expect(DEFAULT_MARKETS_CONFIG.caps).toEqual({
      survey: { max: 1, days: 90 },
      marketing: { max: 2, days: 30 },
    });
  });

  it('sends service SMS as transactional and marketing and surveys as promotional', () => {
    expect(DEFAULT_MARKETS_CONFIG.markets.NO.sms.messageTypeByPurpose).toEqual({
      service: 'TRANSACTIONAL',
      survey: 'PROMOTIONAL',
      marketing: 'PROMOTIONAL',
    });
  });

  it('is frozen, so no handler can change it for the others', () => {
    expect(Object.isFrozen(DEFAULT_MARKETS_CONFIG.markets.NO.quietHours)).toBe(true);
    expect(() => {
      (DEFAULT_MARKETS_CONFIG.caps.survey as { max: number }).max = 5;
    }).toThrow(TypeError);
  });

  it('passes its own schema and fits in a Lambda environment variable', () => {
    expect(parseMarketsConfig(DEFAULT_MARKETS_CONFIG)).toEqual(DEFAULT_MARKETS_CONFIG);
    expect(serializeMarketsConfig(DEFAULT_MARKETS_CONFIG).length).toBeLessThanOrEqual(
      MAX_MARKETS_CONFIG_CHARS,
    );
  });
});

describe('loadMarketsConfig', () => {
  it('gives the defaults when MARKETS_CONFIG is not set', () => {
    expect(MARKETS_CONFIG_ENV).toBe('MARKETS_CONFIG');
    expect(loadMarketsConfig(undefined)).toBe(DEFAULT_MARKETS_CONFIG);
  });

  it('fills in quiet hours, caps and message types left out', () => {
    const config = loadMarketsConfig(JSON.stringify(minimal()));
    expect(config.markets.SE.email.from).toBe('Kundeservice <avisering@acme.se>');
    expect(config.markets.SE.quietHours).toEqual(DEFAULT_MARKETS_CONFIG.markets.SE.quietHours);
    expect(config.markets.SE.sms.messageTypeByPurpose).toEqual(
      DEFAULT_MARKETS_CONFIG.markets.SE.sms.messageTypeByPurpose,
    );
    expect(config.caps).toEqual(DEFAULT_MARKETS_CONFIG.caps);
  });

  it('reads back what serializeMarketsConfig wrote', () => {
    const input = minimal();
    input.markets.FI.quietHours = { start: '22:00', end: '07:30' };
    input.markets.FI.email.replyTo = 'asiakaspalvelu@acme.fi';
    input.markets.FI.sms.messageTypeByPurpose = {
      service: 'TRANSACTIONAL',
      survey: 'TRANSACTIONAL',
      marketing: 'PROMOTIONAL',
    };
    input.caps = { survey: { max: 2, days: 180 }, marketing: { max: 4, days: 30 } };
    const text = serializeMarketsConfig(input);
    expect(loadMarketsConfig(text)).toEqual(parseMarketsConfig(input));
    expect(loadMarketsConfig(text).markets.FI.quietHours).toEqual({ start: '22:00', end: '07:30' });
  });

  it('accepts a phone-number ARN as the SMS origination identity', () => {
    const input = minimal();
    input.markets.DK.sms.originationIdentity =
      'arn:aws:sms-voice:eu-north-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef';
    expect(loadMarketsConfig(JSON.stringify(input)).markets.DK.sms.originationIdentity).toContain(
      'phone-number/',
    );
  });

  it('rejects text that is not JSON with a ConfigError whose cause is the SyntaxError', () => {
    const error = errorOf(() => loadMarketsConfig('{"markets": '));
    expect(error.name).toBe('ConfigError');
    expect(error.setting).toBe('MARKETS_CONFIG');
    expect(error.errors[0]?.path).toBe('MARKETS_CONFIG');
    expect(error.errors[0]?.message).toMatch(/^must be JSON/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects an empty value rather than guessing', () => {
    expect(errorOf(() => loadMarketsConfig('  ')).errors[0]?.message).toMatch(/is empty/);
  });

  it('rejects a value longer than Lambda allows for environment variables', () => {
    const error = errorOf(() => loadMarketsConfig(`${' '.repeat(MAX_MARKETS_CONFIG_CHARS)}{}`));
    expect(error.errors[0]?.message).toContain(String(MAX_MARKETS_CONFIG_CHARS));
  });

  it('names each missing market by its path', () => {
    const input = minimal() as { markets: Record<string, unknown> };
    delete input.markets.FI;
    delete input.markets.DK;
    expect(pathsOf(input)).toEqual(['markets.FI', 'markets.DK']);
  });

  it('names a bad quiet-hours time by its path, with the cause attached', () => {
    const input = minimal();
    input.markets.SE.quietHours = { start: '9pm', end: '08:00' };
    const error = errorOf(() => loadMarketsConfig(JSON.stringify(input)));
    expect(error.errors).toEqual([
      { path: 'markets.SE.quietHours.start', message: expect.stringMatching(/HH:MM/) },
    ]);
    expect(error.message).toContain('markets.SE.quietHours.start');
    expect(error.cause).toBeDefined();
  });

  it('rejects quiet hours that start when they end', () => {
    const input = minimal();
    input.markets.NO.quietHours = { start: '08:00', end: '08:00' };
    expect(pathsOf(input)).toEqual(['markets.NO.quietHours.end']);
  });

  it('rejects a service SMS type other than TRANSACTIONAL and a marketing type other than PROMOTIONAL', () => {
    const input = minimal() as { markets: Record<string, { sms: Record<string, unknown> }> };
    const dk = input.markets.DK;
    if (dk === undefined) throw new Error('fixture has DK');
    dk.sms.messageTypeByPurpose = {
      service: 'PROMOTIONAL',
      survey: 'PROMOTIONAL',
      marketing: 'TRANSACTIONAL',
    };
    expect(pathsOf(input)).toEqual([
      'markets.DK.sms.messageTypeByPurpose.service',
      'markets.DK.sms.messageTypeByPurpose.marketing',
    ]);
  });

  it.each([
    ['a line break (header injection)', 'stille <varsel@acme.no>\r\nBcc: x@evil.example'],
    ['no address', 'stille'],
    ['an unquoted comma in the name', 'stille, Inc <varsel@acme.no>'],
    ['an invalid address', 'stille <varsel@>'],
  ])('rejects a From with %s', (_, from) => {
    const input = minimal();
    input.markets.NO.email.from = from;
    expect(pathsOf(input)).toEqual(['markets.NO.email.from']);
  });

  it('rejects an origination identity with spaces or other characters SendTextMessage refuses', () => {
    const input = minimal();
    input.markets.NO.sms.originationIdentity = 'ACME POWER';
    expect(pathsOf(input)).toEqual(['markets.NO.sms.originationIdentity']);
  });

  it('rejects a cap of zero or a fractional number of days', () => {
    const input = minimal() as Record<string, unknown>;
    input.caps = { survey: { max: 0, days: 90 }, marketing: { max: 2, days: 30.5 } };
    expect(pathsOf(input)).toEqual(['caps.survey.max', 'caps.marketing.days']);
  });

  it('rejects quiet hours that leave less than two hours a day for SMS', () => {
    const input = minimal();
    input.markets.NO.quietHours = { start: '09:00', end: '07:30' };
    expect(pathsOf(input)).toEqual(['markets.NO.quietHours.end']);
    input.markets.NO.quietHours = { start: '09:00', end: '07:00' };
    expect(loadMarketsConfig(JSON.stringify(input)).markets.NO.quietHours).toEqual({
      start: '09:00',
      end: '07:00',
    });
  });

  it('rejects unknown keys, so a misspelt setting is not silently ignored', () => {
    const input = minimal() as { markets: Record<string, Record<string, unknown>> };
    const no = input.markets.NO;
    if (no === undefined) throw new Error('fixture has NO');
    no.quietHour = { start: '22:00', end: '07:00' };
    expect(pathsOf(input)).toEqual(['markets.NO']);
  });
});

describe('settingsForMarket', () => {
  it("uses a market's own caps purpose by purpose, and the global ones for the rest", () => {
    const input = minimal();
    input.markets.SE.caps = { survey: { max: 3, days: 60 } };
    const config = parseMarketsConfig(input);
    expect(settingsForMarket(config, 'SE').caps).toEqual({
      survey: { max: 3, days: 60 },
      marketing: DEFAULT_MARKETS_CONFIG.caps.marketing,
    });
    expect(settingsForMarket(config, 'NO').caps).toEqual(DEFAULT_MARKETS_CONFIG.caps);
  });

  it("gives a market's own price-notice lead times, and none to the others", () => {
    const input = minimal();
    input.markets.NO.priceNotice = {
      leadTimes: [{ segment: 'household', amount: 6, unit: 'weeks' as 'days' }],
    };
    expect(pathsOf(input)).toEqual(['markets.NO.priceNotice.leadTimes[0].unit']);
    input.markets.NO.priceNotice = { leadTimes: [{ amount: 25, unit: 'months' }] };
    expect(pathsOf(input)).toEqual(['markets.NO.priceNotice.leadTimes[0].amount']);
    input.markets.NO.priceNotice = { leadTimes: [{ segment: 'household', amount: 42, unit: 'days' }] };
    const config = parseMarketsConfig(input);
    expect(settingsForMarket(config, 'NO').priceNoticeLeadTimes).toEqual([
      { segment: 'household', amount: 42, unit: 'days' },
    ]);
    expect(settingsForMarket(config, 'SE').priceNoticeLeadTimes).toEqual([]);
  });
});

describe('quiet hours per market', () => {
  it.each(MARKETS)('gives %s its own row with a source, and the default config uses it', (market) => {
    const row = QUIET_HOURS_BY_MARKET[market];
    expect(row.source.length).toBeGreaterThan(10);
    expect(DEFAULT_MARKETS_CONFIG.markets[market].quietHours).toEqual(row.hours);
    expect(settingsForMarket(DEFAULT_MARKETS_CONFIG, market).quietHours).toEqual(row.hours);
  });

  it('keeps a market’s own window when ops set one (Denmark from 20:00)', () => {
    const config = minimal();
    config.markets.DK = { ...config.markets.DK, quietHours: { start: '20:00', end: '08:00' } };
    const parsed = parseMarketsConfig(config);
    expect(settingsForMarket(parsed, 'DK').quietHours).toEqual({ start: '20:00', end: '08:00' });
    expect(settingsForMarket(parsed, 'FI').quietHours).toEqual({ start: '21:00', end: '08:00' });
  });
});

describe('the consent basis of marketing per market', () => {
  it('cites markedsføringsloven § 10 and its soft opt-in in stk. 2 for Denmark', () => {
    const { basis } = settingsForMarket(DEFAULT_MARKETS_CONFIG, 'DK').marketingConsent;
    expect(basis.consent).toContain('markedsføringsloven § 10, stk. 1');
    expect(basis.existingCustomers.law).toContain('markedsføringsloven § 10, stk. 2');
  });

  it('cites Act 917/2014 § 200 for Finland', () => {
    const { basis } = settingsForMarket(DEFAULT_MARKETS_CONFIG, 'FI').marketingConsent;
    expect(basis.consent).toContain('917/2014) 200 §');
    expect(basis.existingCustomers.law).toContain('200 § 2 mom.');
  });

  it.each(MARKETS)('relies on consent alone in %s unless the market turns the exception on', (market) => {
    expect(settingsForMarket(DEFAULT_MARKETS_CONFIG, market).marketingConsent.existingCustomers).toBe(false);
    const config = minimal();
    config.markets[market] = { ...config.markets[market], marketingConsent: { existingCustomers: true } };
    const parsed = parseMarketsConfig(config);
    expect(settingsForMarket(parsed, market).marketingConsent.existingCustomers).toBe(true);
    for (const other of MARKETS.filter((m) => m !== market)) {
      expect(settingsForMarket(parsed, other).marketingConsent.existingCustomers).toBe(false);
    }
    expect(MARKETING_CONSENT_BASES[market].existingCustomers.conditions).toMatch(/object|forbid|decline/);
  });

  it('refuses a misspelt consent setting by its path', () => {
    const config = minimal() as unknown as { markets: Record<string, Record<string, unknown>> };
    (config.markets.DK as Record<string, unknown>).marketingConsent = { softOptIn: true };
    expect(() => parseMarketsConfig(config)).toThrow(/markets\.DK\.marketingConsent/);
  });
});

describe('two-way SMS per market', () => {
  it('is off by default: a sender ID cannot take replies', () => {
    expect(parseMarketsConfig(minimal()).markets.NO.sms.twoWay).toBe(false);
    expect(DEFAULT_MARKETS_CONFIG.markets.SE.sms.twoWay).toBe(false);
  });

  it('may be on for a phone number or pool, whose replies reach stille', () => {
    const config = minimal();
    config.markets.SE.sms = { originationIdentity: 'phone-0a1b2c3d4e5f', twoWay: true };
    config.markets.NO.sms = { originationIdentity: '+4759440000', twoWay: true };
    const parsed = parseMarketsConfig(config);
    expect(settingsForMarket(parsed, 'SE').sms.twoWay).toBe(true);
    expect(settingsForMarket(parsed, 'NO').sms.twoWay).toBe(true);
  });

  it('is refused for a sender ID, naming the field: never an instruction the customer cannot follow', () => {
    const config = minimal();
    config.markets.DK.sms = { originationIdentity: 'ACMEPOWER', twoWay: true };
    expect(errorOf(() => parseMarketsConfig(config)).errors).toContainEqual({
      path: 'markets.DK.sms.twoWay',
      message: expect.stringContaining('nobody can reply to a sender ID'),
    });
  });
});
