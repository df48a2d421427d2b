import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsMetrics, recordingMetrics } from '#adapters/metrics.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The EMF lines written to stdout while `run` runs. */
function emfLinesOf(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  run();
  return lines
    .flatMap((line) => line.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l));
}

describe('business metrics', () => {
  it('writes one EMF line per data point, with the totals dimension set and the breakdown', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', '');
    const [line] = emfLinesOf(() =>
      powertoolsMetrics().record('messagesSent', { kind: 'invoice-explanation', channel: 'sms' }),
    );
    const aws = line?._aws as {
      CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
    };
    expect(aws.CloudWatchMetrics[0]?.Namespace).toBe('stille');
    expect(aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'MessagesSent', Unit: 'Count' }]);
    expect(aws.CloudWatchMetrics[0]?.Dimensions).toEqual(
      expect.arrayContaining([['service'], ['service', 'kind', 'channel']]),
    );
    expect(line).toMatchObject({
      service: 'stille',
      kind: 'invoice-explanation',
      channel: 'sms',
      MessagesSent: 1,
    });
  });

  it('keeps survey scores as their value, so the dashboard averages CSAT and NPS', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const [line] = emfLinesOf(() => powertoolsMetrics().record('surveyAnswers', { scale: 'nps' }, 9));
    expect(line).toMatchObject({ scale: 'nps', SurveyAnswers: 9 });
  });

  it('keeps data points in memory where stdout is not CloudWatch Logs (the embedded runtime)', () => {
    const metrics = recordingMetrics();
    metrics.record('messagesSuppressed', { kind: 'survey-request', reason: 'sending-paused' });
    expect(metrics.recorded).toEqual([
      {
        metric: 'messagesSuppressed',
        dimensions: { kind: 'survey-request', reason: 'sending-paused' },
        value: 1,
      },
    ]);
  });
});
