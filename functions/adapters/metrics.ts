import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricDimensions,
  type MetricKey,
} from '#domain/metrics/names.ts';

/** Where a handler puts its business numbers (functions/domain/metrics/names.ts). */
export interface BusinessMetrics {
  /** One data point of `metric` (a count of 1 unless `value` says otherwise) with its dimensions. */
  record<K extends MetricKey>(metric: K, dimensions: MetricDimensions<K>, value?: number): void;
}

/**
 * Business metrics as Powertools Metrics: each data point is one EMF line on stdout, with the
 * dimension sets `[service]` and `[service, …its dimensions]`; CloudWatch Logs turns it into metrics
 * without an API call. `POWERTOOLS_METRICS_DISABLED=true` turns them off.
 */
export function powertoolsMetrics(): BusinessMetrics {
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
  return {
    record(metric, dimensions, value = 1) {
      const { name } = METRICS[metric];
      const single = metrics.singleMetric();
      // Two dimension sets: `[service]` alone (an empty set adds only the default dimension), for the
      // totals the alarms read, and `[service, …dimensions]` for the dashboard's breakdowns.
      single.addDimensions({});
      single.addDimensions(dimensions as Record<string, string>);
      // singleMetric publishes as soon as the metric is added.
      single.addMetric(name, metric === 'surveyAnswers' ? MetricUnit.NoUnit : MetricUnit.Count, value);
    },
  };
}

/** One recorded data point. */
export interface RecordedMetric {
  metric: MetricKey;
  dimensions: Record<string, string>;
  value: number;
}

/** Business metrics kept in memory: the embedded runtime's (its stdout is the report) and tests'. */
export function recordingMetrics(): BusinessMetrics & { readonly recorded: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  return {
    recorded,
    record(metric, dimensions, value = 1) {
      if (recorded.length < 100_000) recorded.push({ metric, dimensions: { ...dimensions }, value });
    },
  };
}
