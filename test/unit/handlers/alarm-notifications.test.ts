import { describe, expect, it } from 'vitest';
import { parseAlarmNotifications, snsMessagesOf } from '#domain/alarms/notification.ts';
import { InvalidSnsEventError } from '#domain/errors.ts';

const event = (...messages: string[]) => ({ Records: messages.map((Message) => ({ Sns: { Message } })) });

describe('alarm notifications on SNS', () => {
  it('reads the alarm name, the new state and when it changed', () => {
    const message = JSON.stringify({
      AlarmName: 'Stille-SesReputation-ComplaintRate-Critical',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed',
      StateChangeTime: '2027-01-05T10:00:00.000+0000',
      Trigger: { MetricName: 'Reputation.ComplaintRate' },
    });
    expect(parseAlarmNotifications(event(message))).toEqual([
      expect.objectContaining({
        AlarmName: 'Stille-SesReputation-ComplaintRate-Critical',
        NewStateValue: 'ALARM',
        StateChangeTime: '2027-01-05T10:00:00.000+0000',
      }),
    ]);
  });

  it('skips what is no alarm notification (a console test message, another publisher)', () => {
    expect(parseAlarmNotifications(event('hello', '{"AlarmName": 3}', '{"NewStateValue": "ALARM"}'))).toEqual(
      [],
    );
  });

  it('refuses what is no SNS event at all', () => {
    expect(() => snsMessagesOf({ detail: {} })).toThrow(InvalidSnsEventError);
    expect(() => snsMessagesOf({ Records: [] })).toThrow(InvalidSnsEventError);
  });
});
