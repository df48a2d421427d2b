import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  JitterType,
  JsonPath,
  type StateMachine,
  StateMachineType,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { EventBridgePutEvents } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MESSAGE_REQUESTED, SEND_GATE_SOURCE } from '#domain/contracts/event-names.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';

/** Properties of the {@link DeferredSendWorkflow}. */
export interface DeferredSendWorkflowProps {
  /** The stille bus: the request goes back onto it as a `Message Requested` event. */
  readonly eventBus: IEventBus;
  /** The longest a deferred message may wait. @default 7 days (quiet hours defer by a night at most) */
  readonly timeout?: Duration;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `DeferredSend` Standard state machine, started by SendMessage for a message the contact policy
 * deferred (an SMS inside quiet hours), with `{ request, sendAt }`:
 * `WaitForQuietHoursEnd` (until `sendAt`) → `RequestAgain` (puts the request back on the stille bus as
 * a `Message Requested` event, which starts SendMessage, whose DecideMessage then sees the new time),
 * which ends the execution. Two state transitions per deferred message.
 *
 * Going back through the bus rather than starting SendMessage directly keeps the two state machines
 * from referring to each other (SendMessage starts this one), so neither needs a fixed name.
 */
export class DeferredSendWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: DeferredSendWorkflowProps) {
    super(scope, id);

    const wait = new Wait(this, 'WaitForQuietHoursEnd', {
      comment: 'Sleeps until the time the contact policy named (sendAt); no cost while waiting',
      time: WaitTime.timestampPath('$.sendAt'),
    });

    const requestAgain = new EventBridgePutEvents(this, 'RequestAgain', {
      comment: 'Puts the request back on the stille bus; the Message Requested rule starts SendMessage',
      entries: [
        {
          eventBus: props.eventBus,
          source: SEND_GATE_SOURCE,
          detailType: MESSAGE_REQUESTED,
          detail: TaskInput.fromJsonPathAt('$.request'),
        },
      ],
      resultPath: JsonPath.DISCARD,
    });
    // EventBridge.FailedEntry (a non-zero FailedEntryCount, e.g. throttling) and service errors. After
    // the last attempt the execution fails and can be redriven: it resumes here, without waiting again.
    requestAgain.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(1),
      backoffRate: 2,
      maxAttempts: 5,
      jitterStrategy: JitterType.FULL,
    });

    // RequestAgain ends the execution: a Succeed after it would add a billed transition and say nothing.
    const definition = wait.next(requestAgain);

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment: 'Waits until a deferred message may be sent, then requests it again from the send gate',
      timeout: props.timeout ?? Duration.days(7),
      invokedFunctions: [],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
