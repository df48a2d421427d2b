/**
 * A campaign's schedule (docs/campaigns.md "Schedules"): one instant (`at`), a date and a time on each
 * customer's own clock (`date` + `localTime`), or an EventBridge Scheduler cron expression (six fields)
 * in a time zone. Pure: the instant the campaign was scheduled is an argument.
 *
 * A local-time schedule is one run: its schedule fires when `localTime` on `date` first arrives
 * anywhere (UTC+14, {@link localRunStart}); the run evaluates the audience then and sends each customer
 * at `localTime` on their own clock, one wave per distinct instant ({@link localSendAt}).
 */
import { localTimeParts, zonedTimeToUtc } from '../contact-policy/zoned-time.ts';
import { isCalendarDate, isInstant, isTimeZone } from '../contracts/common.ts';
import type { FieldError } from '../errors.ts';

/** A schedule as `Campaign Scheduled` carries it. */
export type CampaignSchedule =
  | { at: string }
  | { date: string; localTime: string }
  | { cron: string; timeZone: string; from?: string; until?: string };

/** How far ahead a campaign may be scheduled. */
export const MAX_SCHEDULE_AHEAD_DAYS = 366;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The earliest clock on Earth (Line Islands) and the latest (Baker Island). */
const EARLIEST_OFFSET_MS = 14 * 3_600_000;
const LATEST_OFFSET_MS = -12 * 3_600_000;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Checks the shape of a schedule (not its timing): field errors under `path`. */
export function parseSchedule(
  input: unknown,
  path = 'schedule',
): { ok: true; value: CampaignSchedule } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          path,
          message: `must be { at }, { date, localTime } or { cron, timeZone }, got ${describe(input)}`,
        },
      ],
    };
  }
  const fields = input as Record<string, unknown>;
  const allow = (allowed: readonly string[]) => {
    for (const key of Object.keys(fields)) {
      if (!allowed.includes(key))
        errors.push({
          path: `${path}.${key}`,
          message: `is not a field of this schedule (${allowed.join(', ')})`,
        });
    }
  };
  if ('at' in fields) {
    allow(['at']);
    if (typeof fields.at !== 'string' || fields.at.length > 40 || !isInstant(fields.at)) {
      errors.push({
        path: `${path}.at`,
        message: `must be an instant such as "2027-03-02T09:00:00Z", got ${describe(fields.at)}`,
      });
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { at: fields.at as string } };
  }
  if ('date' in fields || 'localTime' in fields) {
    allow(['date', 'localTime']);
    if (typeof fields.date !== 'string' || fields.date.length !== 10 || !isCalendarDate(fields.date)) {
      errors.push({
        path: `${path}.date`,
        message: `must be a date as YYYY-MM-DD, got ${describe(fields.date)}`,
      });
    }
    if (typeof fields.localTime !== 'string' || !LOCAL_TIME.test(fields.localTime)) {
      errors.push({
        path: `${path}.localTime`,
        message: `must be a time as HH:MM (00:00–23:59), got ${describe(fields.localTime)}`,
      });
    }
    return errors.length > 0
      ? { ok: false, errors }
      : { ok: true, value: { date: fields.date as string, localTime: fields.localTime as string } };
  }
  if ('cron' in fields) {
    allow(['cron', 'timeZone', 'from', 'until']);
    if (typeof fields.cron !== 'string' || fields.cron.length > 200) {
      errors.push({
        path: `${path}.cron`,
        message: `must be a cron expression of six fields, got ${describe(fields.cron)}`,
      });
    } else {
      const cron = parseCron(fields.cron);
      if (!cron.ok) errors.push({ path: `${path}.cron`, message: cron.message });
    }
    if (typeof fields.timeZone !== 'string' || fields.timeZone.length > 64 || !isTimeZone(fields.timeZone)) {
      errors.push({
        path: `${path}.timeZone`,
        message: `is required with cron: an IANA time zone such as "Europe/Oslo", got ${describe(fields.timeZone)}`,
      });
    }
    for (const bound of ['from', 'until'] as const) {
      const value = fields[bound];
      if (value !== undefined && (typeof value !== 'string' || value.length > 40 || !isInstant(value))) {
        errors.push({
          path: `${path}.${bound}`,
          message: `must be an instant such as "2027-03-02T09:00:00Z", got ${describe(value)}`,
        });
      }
    }
    if (errors.length === 0 && fields.from !== undefined && fields.until !== undefined) {
      if (Date.parse(fields.until as string) <= Date.parse(fields.from as string)) {
        errors.push({ path: `${path}.until`, message: 'must be after from' });
      }
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        cron: (fields.cron as string).trim(),
        timeZone: fields.timeZone as string,
        ...(fields.from !== undefined ? { from: fields.from as string } : {}),
        ...(fields.until !== undefined ? { until: fields.until as string } : {}),
      },
    };
  }
  return {
    ok: false,
    errors: [{ path, message: 'must have at (an instant), date and localTime, or cron and timeZone' }],
  };
}

/**
 * The timing errors of a well-formed schedule, relative to `now` (when the campaign was scheduled): a
 * run in the past, or more than a year ahead, or a cron schedule with no run in the coming year.
 */
export function scheduleTimingErrors(schedule: CampaignSchedule, now: Date, path = 'schedule'): FieldError[] {
  const latest = now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * DAY_MS;
  if ('at' in schedule) {
    const at = Date.parse(schedule.at);
    if (at <= now.getTime())
      return [
        {
          path: `${path}.at`,
          message: `is in the past (the campaign was scheduled at ${now.toISOString()})`,
        },
      ];
    if (at > latest)
      return [
        {
          path: `${path}.at`,
          message: `is more than a year ahead (${MAX_SCHEDULE_AHEAD_DAYS} days at most)`,
        },
      ];
    return [];
  }
  if ('date' in schedule) {
    // In the past only when the time has passed on every clock on Earth.
    if (localRunEnd(schedule) <= now.getTime()) {
      return [
        {
          path: `${path}.date`,
          message: `${schedule.date} ${schedule.localTime} has passed on every clock (the campaign was scheduled at ${now.toISOString()})`,
        },
      ];
    }
    if (localRunStart(schedule).getTime() > latest) {
      return [
        {
          path: `${path}.date`,
          message: `is more than a year ahead (${MAX_SCHEDULE_AHEAD_DAYS} days at most)`,
        },
      ];
    }
    return [];
  }
  const errors: FieldError[] = [];
  if (schedule.until !== undefined && Date.parse(schedule.until) <= now.getTime()) {
    errors.push({
      path: `${path}.until`,
      message: `is in the past (the campaign was scheduled at ${now.toISOString()})`,
    });
  }
  if (schedule.from !== undefined && Date.parse(schedule.from) > latest) {
    errors.push({
      path: `${path}.from`,
      message: `is more than a year ahead (${MAX_SCHEDULE_AHEAD_DAYS} days at most)`,
    });
  }
  if (errors.length === 0 && nextCronRun(schedule, now) === undefined) {
    errors.push({ path: `${path}.cron`, message: 'has no run in the coming year (between from and until)' });
  }
  return errors;
}

/** When a local-time schedule fires: `localTime` on `date` at UTC+14, the first clock to show it. */
export function localRunStart(schedule: { date: string; localTime: string }): Date {
  return new Date(Date.parse(`${schedule.date}T${schedule.localTime}:00Z`) - EARLIEST_OFFSET_MS);
}

/** The last instant any clock shows `localTime` on `date` (UTC−12). */
function localRunEnd(schedule: { date: string; localTime: string }): number {
  return Date.parse(`${schedule.date}T${schedule.localTime}:00Z`) - LATEST_OFFSET_MS;
}

/** When a customer in `timeZone` gets a local-time campaign: `localTime` on `date` on their clock. */
export function localSendAt(schedule: { date: string; localTime: string }, timeZone: string): Date {
  const [year, month, day] = schedule.date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = schedule.localTime.split(':').map(Number) as [number, number];
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone);
}

// ---------------------------------------------------------------------------------------------------
// Cron (EventBridge Scheduler: minutes hours day-of-month month day-of-week year)

/** A parsed cron expression: the allowed values of each field, `null` for `?`. */
export interface Cron {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number> | null;
  months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday, as EventBridge counts. */
  daysOfWeek: ReadonlySet<number> | null;
  years: ReadonlySet<number> | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, question: true },
  { name: 'year', min: 1970, max: 2199 },
];

/**
 * Parses the six fields of an EventBridge Scheduler cron expression (`cron(…)` around it is
 * accepted): numbers, names (JAN–DEC, SUN–SAT), `*`, ranges `a-b`, lists `a,b` and steps `*\/n`,
 * `a/n`; `?` in day-of-month or day-of-week (exactly one of them). `L`, `W` and `#` are refused:
 * stille computes every run itself (for the report and the local scheduler) and does not support them.
 */
export function parseCron(expression: string): { ok: true; value: Cron } | { ok: false; message: string } {
  const text = expression
    .trim()
    .replace(/^cron\((.*)\)$/s, '$1')
    .trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 6) {
    return {
      ok: false,
      message: `must have six fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`,
    };
  }
  const sets: Array<Set<number> | null> = [];
  for (const [index, spec] of FIELDS.entries()) {
    const part = parts[index] as string;
    if (part === '?') {
      if (!spec.question)
        return {
          ok: false,
          message: `? is allowed only in day-of-month or day-of-week, not in ${spec.name}`,
        };
      sets.push(null);
      continue;
    }
    const withoutNames = (spec.names ?? []).reduce(
      (text, name) => text.replaceAll(name, ''),
      part.toUpperCase(),
    );
    if (/[LW#]/.test(withoutNames)) {
      return { ok: false, message: `${spec.name} "${part}": L, W and # are not supported by stille` };
    }
    const values = parseField(part, spec);
    if (typeof values === 'string') return { ok: false, message: values };
    sets.push(values);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = sets;
  if ((daysOfMonth === null) === (daysOfWeek === null)) {
    return { ok: false, message: 'exactly one of day-of-month and day-of-week must be ?' };
  }
  return {
    ok: true,
    value: {
      minutes: minutes as Set<number>,
      hours: hours as Set<number>,
      daysOfMonth: daysOfMonth ?? null,
      months: months as Set<number>,
      daysOfWeek: daysOfWeek ?? null,
      years: parts[5] === '*' ? null : (years as Set<number>),
    },
  };
}

function parseField(part: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  const number = (text: string): number | undefined => {
    const upper = text.toUpperCase();
    const named = spec.names?.indexOf(upper);
    if (named !== undefined && named >= 0) return named + 1;
    if (!/^\d{1,4}$/.test(text)) return undefined;
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  };
  for (const item of part.split(',')) {
    const [range, stepText, ...rest] = item.split('/');
    if (rest.length > 0 || range === undefined || range === '')
      return `${spec.name} "${part}" is not a valid field`;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || step > spec.max)
      return `${spec.name} "${part}" has an invalid step`;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = number(a ?? '');
      to = number(b ?? '');
    } else {
      from = number(range);
      to = stepText === undefined ? from : spec.max;
    }
    if (from === undefined || to === undefined || to < from) {
      return `${spec.name} "${part}" must be values from ${spec.min} to ${spec.max}${spec.names ? ` or ${spec.names[0]}–${spec.names[spec.names.length - 1]}` : ''}`;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/**
 * The first run of a cron schedule strictly after `after` (and not before `from`, not after `until`),
 * within a year of `after`; undefined when there is none.
 */
export function nextCronRun(
  schedule: { cron: string; timeZone: string; from?: string; until?: string },
  after: Date,
): Date | undefined {
  const parsed = parseCron(schedule.cron);
  if (!parsed.ok) return undefined;
  const cron = parsed.value;
  const from = schedule.from ? Math.max(after.getTime() + 1, Date.parse(schedule.from)) : after.getTime() + 1;
  const until = Math.min(
    schedule.until ? Date.parse(schedule.until) : Number.POSITIVE_INFINITY,
    after.getTime() + MAX_SCHEDULE_AHEAD_DAYS * DAY_MS,
  );
  const start = localTimeParts(new Date(from), schedule.timeZone);
  // Walk local days from the day of `from`; on each matching day, its matching times in order.
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let index = 0; index <= MAX_SCHEDULE_AHEAD_DAYS + 1; index++, day.setUTCDate(day.getUTCDate() + 1)) {
    const year = day.getUTCFullYear();
    const month = day.getUTCMonth() + 1;
    const date = day.getUTCDate();
    if (cron.years && !cron.years.has(year)) continue;
    if (!cron.months.has(month)) continue;
    if (cron.daysOfMonth && !cron.daysOfMonth.has(date)) continue;
    if (cron.daysOfWeek && !cron.daysOfWeek.has(day.getUTCDay() + 1)) continue;
    for (const hour of [...cron.hours].sort((a, b) => a - b)) {
      for (const minute of [...cron.minutes].sort((a, b) => a - b)) {
        const at = zonedTimeToUtc({ year, month, day: date, hour, minute }, schedule.timeZone).getTime();
        if (at < from) continue;
        if (at > until) return undefined;
        return new Date(at);
      }
    }
  }
  return undefined;
}

/** Every run of a cron schedule in (`after`, `until`], at most `limit`. */
export function cronRuns(
  schedule: { cron: string; timeZone: string; from?: string; until?: string },
  after: Date,
  until: Date,
  limit = 1000,
): Date[] {
  const runs: Date[] = [];
  let cursor = after;
  while (runs.length < limit) {
    const next = nextCronRun(schedule, cursor);
    if (next === undefined || next.getTime() > until.getTime()) break;
    runs.push(next);
    cursor = new Date(next.getTime() + MINUTE_MS - 1);
  }
  return runs;
}
