/**
 * The embedded runtime's EventBridge Scheduler: the REST-JSON API the real `@aws-sdk/client-scheduler`
 * talks to (CreateSchedule, UpdateSchedule, DeleteSchedule, GetSchedule, ListSchedules), and schedules
 * that fire on the simulated clock. `at()` fires once (and deletes itself with
 * `ActionAfterCompletion: DELETE`); `cron()` fires at each time of the expression in its
 * `ScheduleExpressionTimezone`, between `StartDate` and `EndDate`. A fire starts the target (a state
 * machine of the app) with the target's `Input`, `<aws.scheduler.scheduled-time>` and
 * `<aws.scheduler.execution-id>` filled in, as Scheduler does. Updating a schedule replaces its pending
 * fire; deleting it cancels it.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { nextCronRun } from '#domain/campaigns/schedule.ts';
import { zonedTimeToUtc } from '#domain/contact-policy/zoned-time.ts';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/** A schedule as the local service keeps it. */
export interface LocalSchedule {
  name: string;
  groupName: string;
  arn: string;
  expression: string;
  timeZone: string;
  startDate?: number;
  endDate?: number;
  state: 'ENABLED' | 'DISABLED';
  actionAfterCompletion: 'NONE' | 'DELETE';
  target: { arn: string; roleArn: string; input?: string };
  description?: string;
  createdAt: number;
  /** Bumped on every update: a pending fire of an older version does nothing. */
  version: number;
}

/** A schedule's fire: what it starts. */
export interface ScheduleFire {
  schedule: LocalSchedule;
  scheduledTime: Date;
  input: string;
}

export interface SchedulerOptions {
  /** The simulated clock: now, and sleeping until an instant as tracked work. */
  now(): number;
  /** Runs `work` as tracked work that may sleep on the simulated clock. */
  track(work: () => Promise<void>): void;
  sleepUntil(at: number): Promise<void>;
  /** Starts the schedule's target. */
  fire(fire: ScheduleFire): void;
  region: string;
  account: string;
}

/** A running local Scheduler endpoint. */
export interface LocalScheduler {
  endpoint: string;
  close(): Promise<void>;
  /** The schedules that exist now. */
  schedules(): LocalSchedule[];
  /** How many times schedules fired. */
  fired(): number;
}

class SchedulerError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const MAX_BODY_BYTES = 1024 * 1024;
const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;

/**
 * When a schedule fires next after `after` (ms), or undefined when never again. A new `at()` schedule
 * whose instant has passed fires at once (`first`).
 */
export function nextFireOf(schedule: LocalSchedule, after: number, first = false): number | undefined {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(schedule.expression);
  if (at?.[1]) {
    const instant = zonedInstant(at[1], schedule.timeZone);
    return first || instant > after ? instant : undefined;
  }
  const cron = /^cron\((.*)\)$/s.exec(schedule.expression);
  if (cron?.[1]) {
    const next = nextCronRun(
      {
        cron: cron[1],
        timeZone: schedule.timeZone,
        ...(schedule.startDate !== undefined ? { from: new Date(schedule.startDate).toISOString() } : {}),
        ...(schedule.endDate !== undefined ? { until: new Date(schedule.endDate).toISOString() } : {}),
      },
      new Date(after),
    );
    return next?.getTime();
  }
  return undefined;
}

/** `2027-03-02T09:00:00` in `timeZone` as epoch ms, as EventBridge Scheduler reads an `at()` expression. */
function zonedInstant(local: string, timeZone: string): number {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second] = time.split(':').map(Number);
  return zonedTimeToUtc(
    {
      year: year ?? 0,
      month: month ?? 1,
      day: day ?? 1,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: second ?? 0,
    },
    timeZone,
  ).getTime();
}

/** Starts the local Scheduler on an ephemeral port of 127.0.0.1. */
export async function startScheduler(options: SchedulerOptions): Promise<LocalScheduler> {
  const schedules = new Map<string, LocalSchedule>();
  let fired = 0;
  const keyOf = (group: string, name: string) => `${group}/${name}`;

  const arm = (schedule: LocalSchedule, after: number, first: boolean) => {
    if (schedule.state !== 'ENABLED') return;
    const due = nextFireOf(schedule, after, first);
    if (due === undefined) return;
    const version = schedule.version;
    const key = keyOf(schedule.groupName, schedule.name);
    options.track(async () => {
      await options.sleepUntil(due);
      const current = schedules.get(key);
      // Deleted or updated while it slept: this fire is no longer the schedule's.
      if (current === undefined || current.version !== version || current.state !== 'ENABLED') return;
      fired++;
      const scheduledTime = new Date(due);
      const input = (current.target.input ?? '{}')
        .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'))
        .replaceAll('<aws.scheduler.execution-id>', randomUUID())
        .replaceAll('<aws.scheduler.schedule-arn>', current.arn)
        .replaceAll('<aws.scheduler.attempt-number>', '1');
      options.fire({ schedule: current, scheduledTime, input });
      if (nextFireOf(current, due) === undefined) {
        if (current.actionAfterCompletion === 'DELETE') schedules.delete(key);
        return;
      }
      arm(current, due, false);
    });
  };

  const upsert = (name: string, body: Record<string, unknown>, create: boolean): Record<string, unknown> => {
    if (!NAME.test(name))
      throw new SchedulerError(400, 'ValidationException', `Invalid schedule name ${name}`);
    const groupName = typeof body.GroupName === 'string' ? body.GroupName : 'default';
    const key = keyOf(groupName, name);
    const existing = schedules.get(key);
    if (create && existing)
      throw new SchedulerError(409, 'ConflictException', `Schedule ${name} already exists.`);
    if (!create && !existing) {
      throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    }
    const expression = String(body.ScheduleExpression ?? '');
    if (!/^(at|cron|rate)\(.*\)$/s.test(expression)) {
      throw new SchedulerError(400, 'ValidationException', `Invalid Schedule Expression ${expression}.`);
    }
    const target = body.Target as { Arn?: unknown; RoleArn?: unknown; Input?: unknown } | undefined;
    if (typeof target?.Arn !== 'string' || typeof target.RoleArn !== 'string') {
      throw new SchedulerError(400, 'ValidationException', 'Target.Arn and Target.RoleArn are required.');
    }
    const date = (value: unknown) =>
      typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : undefined;
    const startDate = date(body.StartDate);
    const endDate = date(body.EndDate);
    const schedule: LocalSchedule = {
      name,
      groupName,
      arn: `arn:aws:scheduler:${options.region}:${options.account}:schedule/${groupName}/${name}`,
      expression,
      timeZone: typeof body.ScheduleExpressionTimezone === 'string' ? body.ScheduleExpressionTimezone : 'UTC',
      ...(startDate !== undefined ? { startDate } : {}),
      ...(endDate !== undefined ? { endDate } : {}),
      state: body.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      actionAfterCompletion: body.ActionAfterCompletion === 'DELETE' ? 'DELETE' : 'NONE',
      target: {
        arn: target.Arn,
        roleArn: target.RoleArn,
        ...(typeof target.Input === 'string' ? { input: target.Input } : {}),
      },
      ...(typeof body.Description === 'string' ? { description: body.Description } : {}),
      createdAt: existing?.createdAt ?? options.now(),
      version: (existing?.version ?? -1) + 1,
    };
    schedules.set(key, schedule);
    arm(schedule, options.now(), true);
    return { ScheduleArn: schedule.arn };
  };

  const describe = (schedule: LocalSchedule) => ({
    Arn: schedule.arn,
    Name: schedule.name,
    GroupName: schedule.groupName,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: schedule.timeZone,
    State: schedule.state,
    ActionAfterCompletion: schedule.actionAfterCompletion,
    ...(schedule.startDate !== undefined ? { StartDate: schedule.startDate / 1000 } : {}),
    ...(schedule.endDate !== undefined ? { EndDate: schedule.endDate / 1000 } : {}),
    ...(schedule.description ? { Description: schedule.description } : {}),
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: schedule.target.arn,
      RoleArn: schedule.target.roleArn,
      ...(schedule.target.input ? { Input: schedule.target.input } : {}),
    },
    CreationDate: schedule.createdAt / 1000,
  });

  const route = (method: string, url: URL, body: Record<string, unknown>): Record<string, unknown> => {
    const match = /^\/schedules(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match)
      throw new SchedulerError(404, 'UnknownOperationException', `No route ${method} ${url.pathname}`);
    const name = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (name === undefined) {
      if (method !== 'GET')
        throw new SchedulerError(404, 'UnknownOperationException', `No route ${method} /schedules`);
      const group = url.searchParams.get('ScheduleGroup');
      const prefix = url.searchParams.get('NamePrefix') ?? '';
      return {
        Schedules: [...schedules.values()]
          .filter((s) => (group === null || s.groupName === group) && s.name.startsWith(prefix))
          .map((s) => ({
            Arn: s.arn,
            Name: s.name,
            GroupName: s.groupName,
            State: s.state,
            Target: { Arn: s.target.arn },
            CreationDate: s.createdAt / 1000,
          })),
      };
    }
    const group = url.searchParams.get('groupName') ?? 'default';
    switch (method) {
      case 'POST':
        return upsert(name, body, true);
      case 'PUT':
        return upsert(name, body, false);
      case 'GET': {
        const schedule = schedules.get(keyOf(group, name));
        if (!schedule)
          throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
        return describe(schedule);
      }
      case 'DELETE': {
        if (!schedules.delete(keyOf(group, name))) {
          throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
        }
        return {};
      }
      default:
        throw new SchedulerError(404, 'UnknownOperationException', `No route ${method} ${url.pathname}`);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      let status = 200;
      let payload: Record<string, unknown>;
      try {
        if (size > MAX_BODY_BYTES) throw new SchedulerError(413, 'ValidationException', 'Request too large.');
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        payload = route(req.method ?? 'GET', new URL(req.url ?? '/', 'http://local'), body);
      } catch (error) {
        const known =
          error instanceof SchedulerError
            ? error
            : new SchedulerError(500, 'InternalServerException', String(error));
        status = known.status;
        payload = { Message: known.message, message: known.message };
        res.setHeader('x-amzn-ErrorType', known.type);
      }
      const body = JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'x-amzn-RequestId': randomUUID(),
      });
      res.end(body);
    });
    req.on('error', () => res.destroy());
  });
  const endpoint = await listenOnEphemeralPort(server, 'lean');
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
    schedules: () => [...schedules.values()],
    fired: () => fired,
  };
}
