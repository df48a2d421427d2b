/**
 * The business metrics stille's handlers publish as CloudWatch embedded metric format (EMF) lines,
 * which cost no API call: the names the handlers write and the dashboard and alarms read
 * (infra/monitoring.ts). Namespace `stille`; every metric has the dimension set `[service]` (for the
 * totals the alarms read) and the one its dimensions name here (for the dashboard's breakdowns).
 */

/** The CloudWatch namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
export const METRIC_NAMESPACE = 'stille';

/** The `service` dimension every metric carries (`POWERTOOLS_SERVICE_NAME`). */
export const METRIC_SERVICE = 'stille';

/** Each metric and the dimensions of its breakdown. */
export const METRICS = {
  /** A message handed to SES or End User Messaging. */
  messagesSent: { name: 'MessagesSent', dimensions: ['kind', 'channel'] },
  /** A message the send gate decided not to send. */
  messagesSuppressed: { name: 'MessagesSuppressed', dimensions: ['kind', 'reason'] },
  /** A message that could not be sent after every retry. */
  messagesFailed: { name: 'MessagesFailed', dimensions: ['kind', 'channel'] },
  /** A survey answer; the value is the score (CSAT 1–5, NPS 0–10). */
  surveyAnswers: { name: 'SurveyAnswers', dimensions: ['scale'] },
  /** A campaign run (audience selected and requested). */
  campaignRuns: { name: 'CampaignRuns', dimensions: ['campaignId'] },
} as const;

/** A metric of {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/** The dimensions of a metric's breakdown. */
export type MetricDimensions<K extends MetricKey> = Record<(typeof METRICS)[K]['dimensions'][number], string>;
