import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { parseAlarmNotifications } from '#domain/alarms/notification.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the handler is given. */
export type PauseSendsDeps = DepsWith<'ddb' | 'eventBridge'>;

/** What one invocation did. */
export interface PauseSendsResult {
  /** Alarms that entered ALARM and paused sends (or found them paused already). */
  paused: number;
  /** Notifications of other states (OK, INSUFFICIENT_DATA): sends stay as they are until ops resume. */
  ignored: number;
}

/**
 * The reputation breaker: subscribed to the topic the SES bounce and complaint alarms notify. When one
 * enters ALARM, marketing and survey sends pause (the Controls table's `sends-paused`, which the send
 * gate reads); service notices go on. The first trip raises a `sends-paused` alert for ops. Going back
 * to OK resumes nothing: ops look at why, then resume (`stille resume-sends`, docs/operations.md).
 */
export function createHandler(
  deps: PauseSendsDeps,
  repositories: Repositories = repositoriesFrom(deps),
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, PauseSendsResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const result: PauseSendsResult = { paused: 0, ignored: 0 };
    for (const alarm of parseAlarmNotifications(input)) {
      if (alarm.NewStateValue !== 'ALARM') {
        result.ignored++;
        continue;
      }
      const since = alarm.StateChangeTime ?? deps.clock.now().toISOString();
      const { applied } = await repositories.controls.pauseSends({
        since,
        by: alarm.AlarmName,
        reason: alarm.NewStateReason ?? 'SES reputation alarm',
      });
      result.paused++;
      deps.logger.warn('Marketing and survey sends paused', { alarm: alarm.AlarmName, applied });
      if (applied) {
        await events.alert({
          kind: 'sends-paused',
          at: deps.clock.now().toISOString(),
          alarm: alarm.AlarmName,
          purposes: ['marketing', 'survey'],
          resume: 'stille resume-sends (docs/operations.md#resume-sends)',
        });
      }
    }
    return result;
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
