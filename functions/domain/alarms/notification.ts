import * as z from 'zod/mini';
import { InvalidSnsEventError } from '../errors.ts';

/**
 * The message CloudWatch publishes to SNS when an alarm changes state (the fields stille reads), inside
 * the SNS event Lambda is invoked with: `{ Records: [{ Sns: { Message: "<this, as JSON>" } }] }`.
 */
export const AlarmNotificationSchema = z.looseObject({
  AlarmName: z.string().check(z.minLength(1), z.maxLength(255)),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.optional(z.string().check(z.maxLength(1023))),
  StateChangeTime: z.optional(z.string().check(z.maxLength(64))),
});

/** An alarm's state change, as CloudWatch notifies it. */
export type AlarmNotification = z.infer<typeof AlarmNotificationSchema>;

/** An SNS event as Lambda is invoked with it (the fields stille reads), at most 10 records. */
export const SnsEventSchema = z.object({
  Records: z
    .array(z.looseObject({ Sns: z.looseObject({ Message: z.string().check(z.maxLength(262_144)) }) }))
    .check(z.minLength(1), z.maxLength(10)),
});

/** The messages of an SNS event. @throws InvalidSnsEventError when the event is not one. */
export function snsMessagesOf(input: unknown): string[] {
  const parsed = SnsEventSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidSnsEventError(`Not an SNS event: ${z.prettifyError(parsed.error).slice(0, 500)}`);
  }
  return parsed.data.Records.map((record) => record.Sns.Message);
}

/**
 * The alarm notifications of an SNS event. A message that is not one (a test message of the console,
 * another publisher) is skipped: nothing is paused for it.
 */
export function parseAlarmNotifications(input: unknown): AlarmNotification[] {
  const alarms: AlarmNotification[] = [];
  for (const message of snsMessagesOf(input)) {
    let value: unknown;
    try {
      value = JSON.parse(message) as unknown;
    } catch {
      continue;
    }
    const parsed = AlarmNotificationSchema.safeParse(value);
    if (parsed.success) alarms.push(parsed.data);
  }
  return alarms;
}
