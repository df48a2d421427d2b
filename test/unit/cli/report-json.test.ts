import { describe, expect, it } from 'vitest';
import { batched, reportJsonChunks } from '#local/report/json.ts';
import { reportFor, smallScenario } from './fixtures.ts';

describe('report JSON', () => {
  it('streams the compact layout identical to JSON.stringify', () => {
    const report = reportFor(smallScenario(3));
    expect([...reportJsonChunks(report, 'compact')].join('')).toBe(JSON.stringify(report));
  });

  it('streams the file layout with one item per line, parsing back to the report', () => {
    const report = reportFor(smallScenario(3));
    report.alerts = [];
    const text = [...reportJsonChunks(report, 'lines')].join('');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.split('\n').filter((line) => line.startsWith('    {"messageId"'))).toHaveLength(
      report.messages.length,
    );
    expect(text).toContain('"alerts": []');
  });

  it('groups chunks into larger writes without losing any', () => {
    const chunks = Array.from({ length: 100 }, (_, i) => `chunk ${i};`);
    const groups = [...batched(chunks, 50)];
    expect(groups.join('')).toBe(chunks.join(''));
    expect(groups.length).toBeLessThan(chunks.length);
  });
});
