import { describe, expect, it } from 'vitest';
import { campaignTimingErrors, contentFor, runAtOf } from '#domain/campaigns/campaign.ts';
import {
  cronRuns,
  localRunStart,
  localSendAt,
  nextCronRun,
  parseCron,
  parseSchedule,
} from '#domain/campaigns/schedule.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { campaignScheduled } from '../contracts/fixtures.ts';

const NOW = new Date('2027-02-01T09:00:00Z');

describe('campaign schedules', () => {
  it('runs a cron expression in its time zone, across the change to summer time', () => {
    const schedule = { cron: '0 10 1 * ? *', timeZone: 'Europe/Oslo' };
    expect(cronRuns(schedule, NOW, new Date('2027-05-02T00:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-04-01T08:00:00.000Z',
      '2027-05-01T08:00:00.000Z',
    ]);
    expect(
      nextCronRun(
        { cron: 'cron(30 8 ? * MON-FRI *)', timeZone: 'UTC' },
        new Date('2027-02-05T09:00:00Z'),
      )?.toISOString(),
    ).toBe('2027-02-08T08:30:00.000Z');
    expect(nextCronRun({ ...schedule, until: '2027-02-20T00:00:00Z' }, NOW)).toBeUndefined();
  });

  it('refuses what stille cannot compute, and five fields', () => {
    expect(parseCron('0 10 1 * ?').ok).toBe(false);
    expect(parseCron('0 10 L * ? *').ok).toBe(false);
    expect(parseCron('0 10 ? * 2#1 *').ok).toBe(false);
    expect(parseCron('0 10 1 * * *').ok).toBe(false);
    expect(parseCron('0 10 ? JUL WED *').ok).toBe(true);
  });

  it('sends a local-time campaign at that time on each clock, and fires when it first arrives anywhere', () => {
    const schedule = { date: '2027-03-02', localTime: '10:00' };
    expect(localSendAt(schedule, 'Europe/Oslo').toISOString()).toBe('2027-03-02T09:00:00.000Z');
    expect(localSendAt(schedule, 'Europe/Helsinki').toISOString()).toBe('2027-03-02T08:00:00.000Z');
    expect(localRunStart(schedule).toISOString()).toBe('2027-03-01T20:00:00.000Z');
    expect(runAtOf(schedule, new Date())).toBe('2027-03-02');
    expect(runAtOf({ at: '2027-03-02T09:00:00.000Z' }, new Date('2027-03-02T09:00:00.000Z'))).toBe(
      '2027-03-02T09:00:00Z',
    );
  });

  it('rejects a schedule in the past or more than a year ahead of the event', () => {
    const timing = (schedule: unknown) => {
      const parsed = parseSchedule(schedule);
      if (!parsed.ok) return parsed.errors.map((e) => e.path);
      const campaign = { ...campaignScheduled(), schedule } as unknown as Parameters<
        typeof campaignTimingErrors
      >[0];
      return campaignTimingErrors(campaign, NOW).map((e) => e.path);
    };
    expect(timing({ at: '2027-01-31T09:00:00Z' })).toEqual(['schedule.at']);
    expect(timing({ at: '2028-03-01T09:00:00Z' })).toEqual(['schedule.at']);
    expect(timing({ at: '2027-02-02T09:00:00Z' })).toEqual([]);
    expect(timing({ date: '2027-01-31', localTime: '10:00' })).toEqual(['schedule.date']);
    // 10:00 has passed in Oslo but not in Hawaii: the run is still ahead for some clocks.
    expect(timing({ date: '2027-02-01', localTime: '10:00' })).toEqual([]);
    expect(timing({ cron: '0 10 1 * ? *', timeZone: 'Europe/Oslo', until: '2027-01-01T00:00:00Z' })).toEqual([
      'schedule.until',
    ]);
    expect(timing({ cron: '0 10 1 * ? *' })).toEqual(['schedule.timeZone']);
    expect(timing({ at: '2027-02-02T09:00:00Z', cron: 'x' })).toEqual(['schedule.cron']);
  });
});

describe('Campaign Scheduled', () => {
  const errors = (overrides: Record<string, unknown>) => {
    const result = validateEvent('Campaign Scheduled', { ...campaignScheduled(), ...overrides });
    return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('accepts the contract example', () => {
    expect(errors({})).toEqual([]);
  });

  it('names the field of each mistake', () => {
    expect(errors({ kind: 'retention-offer', offerId: undefined, content: undefined })[0]).toMatch(
      /^offerId: is required for a retention-offer campaign/,
    );
    expect(errors({ kind: 'retention-offer', offerId: 'fix-24m-no' })[0]).toMatch(
      /^content: must be left out of a retention-offer campaign/,
    );
    expect(errors({ kind: 'retention-offer', offerId: 'fix-24m-no', content: undefined })).toEqual([]);
    expect(errors({ fallbackLocale: 'sv-SE' })[0]).toMatch(
      /^content: must have content for the fallback locale "sv-SE"/,
    );
    const content = campaignScheduled().content as Record<string, Record<string, unknown>>;
    expect(
      errors({ content: { ...content, 'nb-NO': { ...content['nb-NO'], heading: 'Hei {fornavn}' } } })[0],
    ).toMatch(/^content\.nb-NO\.heading: may hold no placeholder but \{firstName\}/);
    expect(
      errors({
        content: {
          ...content,
          'nb-NO': { ...content['nb-NO'], action: { text: 'x', url: 'javascript:alert(1)' } },
        },
      })[0],
    ).toMatch(/^content\.nb-NO\.action\.url/);
    expect(
      errors({
        audience: {
          all: [{ attribute: 'market', in: ['NO'] }, { product: { attribute: 'colour', in: ['red'] } }],
        },
      })[0],
    ).toMatch(/^audience\.all\[1\]\.product\.attribute: must be a product attribute/);
    expect(errors({ holdoutPercent: 51 })[0]).toMatch(/^holdoutPercent/);
    expect(errors({ content: undefined })[0]).toMatch(/^content: is required for a campaign-message/);
  });

  it('picks the customer’s content, then the same language, then the fallback', () => {
    const campaign = { fallbackLocale: 'nb-NO', content: campaignScheduled().content as never };
    expect(contentFor(campaign, 'en-GB')?.locale).toBe('en-GB');
    expect(contentFor(campaign, 'en-US')?.locale).toBe('en-GB');
    expect(contentFor(campaign, 'fi-FI')?.locale).toBe('nb-NO');
  });
});

describe('Campaign Scheduled SMS', () => {
  it('refuses an SMS that cannot fit in three segments with a name and the stop line', () => {
    const base = campaignScheduled();
    const content = base.content as Record<string, Record<string, unknown>>;
    const result = validateEvent('Campaign Scheduled', {
      ...base,
      content: { ...content, 'nb-NO': { ...content['nb-NO'], sms: `Hei {firstName}! ${'😀'.repeat(100)}` } },
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['content.nb-NO.sms']);
  });
});
