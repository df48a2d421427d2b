import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import {
  type AlarmWithAnnotation,
  DefaultDashboardFactory,
  MetricStatistic,
  MonitoringFacade,
  multipleActions,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS } from '#domain/metrics/names.ts';

/** Properties of {@link StilleMonitoring}. */
export interface StilleMonitoringProps {
  /** Every state machine, by workflow id. */
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
  /** Every function, by function id. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Every dead-letter queue, by a name for humans (the rule it belongs to). */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Where every alarm goes. */
  readonly opsTopic: ITopic;
  /** Where the SES reputation alarms go besides the ops topic: the reputation breaker. */
  readonly reputationTopic: ITopic;
  /** The SES configuration set (its reputation metrics are on the dashboard). */
  readonly sesConfigurationSetName: string;
}

/** SES puts an account under review at a 5 % bounce rate; stille alarms, and pauses, before. */
export const BOUNCE_RATE_ALARM = 0.04;
/** SES puts an account under review at a 0.1 % complaint rate; stille alarms, and pauses, before. */
export const COMPLAINT_RATE_ALARM = 0.0008;
/** The share of messages that fail for good, over an hour, that pages ops. */
export const DELIVERY_FAILED_RATE_ALARM = 0.05;
/** The prefix of every alarm name, and of the dashboard. */
export const ALARM_PREFIX = 'Stille';
/** The tag of the alarms whose state change trips the reputation breaker. */
export const REPUTATION_ALARM_TAG = 'reputation';

/**
 * Alarms and the dashboard, with cdk-monitoring-constructs (docs/operations.md says why): per state
 * machine failed and timed-out executions; per dead-letter queue a visible message; per function errors
 * and throttles; the SES account's bounce and complaint rates, below SES's review thresholds (these also
 * notify the reputation topic, which pauses marketing and survey sends); and the share of messages that
 * failed for good. Every alarm notifies the ops topic. The dashboard adds the business numbers the
 * handlers publish as EMF (functions/domain/metrics/names.ts).
 */
export class StilleMonitoring extends Construct {
  readonly facade: MonitoringFacade;

  constructor(scope: Construct, id: string, props: StilleMonitoringProps) {
    super(scope, id);
    const ops = new SnsAlarmActionStrategy({ onAlarmTopic: props.opsTopic, onOkTopic: props.opsTopic });
    this.facade = new MonitoringFacade(this, 'Facade', {
      alarmFactoryDefaults: {
        alarmNamePrefix: ALARM_PREFIX,
        actionsEnabled: true,
        action: ops,
        datapointsToAlarm: 1,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: ALARM_PREFIX,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    const facade = this.facade;

    facade.addLargeHeader('stille: messages');
    const search = (metric: { name: string; dimensions: readonly string[] }, statistic: MetricStatistic) => ({
      searchQuery: `MetricName="${metric.name}"`,
      // A dimension without a value is a key of the search schema only: every kind, channel, reason.
      dimensionsMap: Object.fromEntries([
        ['service', METRIC_SERVICE],
        ...metric.dimensions.map((dimension) => [dimension, undefined]),
      ]) as Record<string, string>,
      statistic,
      namespace: METRIC_NAMESPACE,
    });
    const total = (name: string, label: string) =>
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRIC_SERVICE },
        statistic: 'Sum',
        period: Duration.hours(1),
        label,
      });
    const sent = total(METRICS.messagesSent.name, 'sent');
    const failed = total(METRICS.messagesFailed.name, 'failed');
    facade.monitorCustom({
      alarmFriendlyName: 'Messages',
      humanReadableName: 'Messages: sent, suppressed by reason, failed, by kind and channel',
      metricGroups: [
        { title: 'Sent by kind and channel', metrics: [search(METRICS.messagesSent, MetricStatistic.SUM)] },
        {
          title: 'Suppressed by kind and reason',
          metrics: [search(METRICS.messagesSuppressed, MetricStatistic.SUM)],
        },
        {
          title: 'Failed by kind and channel',
          metrics: [search(METRICS.messagesFailed, MetricStatistic.SUM)],
        },
        {
          title: 'Delivery-failed rate',
          metrics: [
            {
              alarmFriendlyName: 'DeliveryFailedRate',
              metric: new MathExpression({
                expression: 'IF(sent + failed > 0, failed / (sent + failed), 0)',
                usingMetrics: { sent, failed },
                period: Duration.hours(1),
                label: 'failed / (sent + failed)',
              }),
              addAlarm: {
                Critical: {
                  threshold: DELIVERY_FAILED_RATE_ALARM,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  alarmDescriptionOverride: `More than ${DELIVERY_FAILED_RATE_ALARM * 100} % of the messages of the last hour failed for good (docs/operations.md#delivery-failed-rate)`,
                },
              },
            },
          ],
        },
      ],
    });

    facade.addLargeHeader('stille: surveys and campaigns');
    facade.monitorCustom({
      alarmFriendlyName: 'Surveys',
      humanReadableName: 'Survey answers (CSAT and NPS over time) and campaign runs',
      metricGroups: [
        {
          title: 'Survey answers (count by scale)',
          metrics: [search(METRICS.surveyAnswers, MetricStatistic.N)],
        },
        {
          title: 'Average score by scale (CSAT 1–5, NPS 0–10)',
          metrics: [search(METRICS.surveyAnswers, MetricStatistic.AVERAGE)],
        },
        { title: 'Campaign runs', metrics: [search(METRICS.campaignRuns, MetricStatistic.SUM)] },
      ],
    });

    facade.addLargeHeader('SES reputation');
    const reputation = multipleActions(
      ops,
      new SnsAlarmActionStrategy({ onAlarmTopic: props.reputationTopic }),
    );
    const sesRate = (name: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName: name,
        statistic: 'Maximum',
        period: Duration.minutes(15),
      });
    facade.monitorCustom({
      alarmFriendlyName: 'SesReputation',
      humanReadableName: 'SES account reputation (review at 5 % bounces, 0.1 % complaints)',
      metricGroups: [
        {
          title: 'Bounce and complaint rates',
          metrics: [
            {
              alarmFriendlyName: 'BounceRate',
              metric: sesRate('Reputation.BounceRate'),
              addAlarm: {
                Critical: {
                  threshold: BOUNCE_RATE_ALARM,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  actionOverride: reputation,
                  customTags: [REPUTATION_ALARM_TAG],
                  alarmDescriptionOverride: `SES bounce rate at ${BOUNCE_RATE_ALARM * 100} % (review at 5 %): marketing and survey sends are paused (docs/operations.md#ses-bounce-rate)`,
                },
              },
            },
            {
              alarmFriendlyName: 'ComplaintRate',
              metric: sesRate('Reputation.ComplaintRate'),
              addAlarm: {
                Critical: {
                  threshold: COMPLAINT_RATE_ALARM,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  actionOverride: reputation,
                  customTags: [REPUTATION_ALARM_TAG],
                  alarmDescriptionOverride: `SES complaint rate at ${COMPLAINT_RATE_ALARM * 100} % (review at 0.1 %): marketing and survey sends are paused (docs/operations.md#ses-complaint-rate)`,
                },
              },
            },
          ],
        },
      ],
    });

    facade.addLargeHeader('Workflows');
    for (const [name, stateMachine] of Object.entries(props.stateMachines)) {
      facade.monitorStepFunction({
        stateMachine,
        humanReadableName: `Workflow ${name}`,
        alarmFriendlyName: `Workflow${name}`,
        addFailedExecutionCountAlarm: {
          Critical: {
            maxErrorCount: 0,
            alarmDescriptionOverride: `An execution of ${name} failed (docs/operations.md#workflow-failed)`,
          },
        },
        addTimedOutExecutionCountAlarm: {
          Critical: {
            maxErrorCount: 0,
            alarmDescriptionOverride: `An execution of ${name} timed out (docs/operations.md#workflow-timed-out)`,
          },
        },
      });
    }

    facade.addLargeHeader('Dead-letter queues');
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      facade.monitorSqsQueue({
        queue,
        humanReadableName: `Dead letters of ${name}`,
        alarmFriendlyName: `DeadLetters${name}`,
        addQueueMaxSizeAlarm: {
          Critical: {
            maxMessageCount: 0,
            alarmDescriptionOverride: `Events of ${name} could not be delivered (docs/operations.md#dead-letters)`,
          },
        },
      });
    }

    facade.addLargeHeader('Functions');
    for (const [name, fn] of Object.entries(props.functions)) {
      facade.monitorLambdaFunction({
        lambdaFunction: fn,
        humanReadableName: `Function ${name}`,
        alarmFriendlyName: `Function${name}`,
        addFaultCountAlarm: {
          Critical: {
            maxErrorCount: 0,
            alarmDescriptionOverride: `${name} returned errors (docs/operations.md#function-errors)`,
          },
        },
        addThrottlesCountAlarm: {
          Critical: {
            maxErrorCount: 0,
            alarmDescriptionOverride: `${name} was throttled (docs/operations.md#function-throttles)`,
          },
        },
      });
    }
  }

  /** Every alarm created. */
  get alarms(): AlarmWithAnnotation[] {
    return this.facade.createdAlarms();
  }
}
