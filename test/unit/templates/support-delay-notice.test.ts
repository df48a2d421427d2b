import { describe, expect, it } from 'vitest';
import { renderMessage } from '#templates/index.ts';
import { customer, supportDelayFacts } from './fixtures.ts';

const render = (facts: Record<string, unknown>, channel: 'email' | 'sms' = 'email', locale = 'en-GB') =>
  renderMessage({
    kind: 'support-delay-notice',
    locale,
    channel,
    customer: customer(),
    facts: { ...supportDelayFacts(), ...facts },
    links: {},
  });

describe('support-delay notice', () => {
  it('says the reply is late without "0 hours" when it goes out at the due time', () => {
    const email = render({ overdueHours: 0, notice: 1 });
    const sms = render({ overdueHours: 0.4, notice: 1 }, 'sms');
    expect(email.text).toContain('We have not managed that, and we are sorry.');
    expect(email.text).not.toMatch(/\b0 hours\b/);
    expect(sms.sms?.text).toContain('but our reply is late. Sorry!');
  });

  it('counts the hours once it is an hour or more late, and owns up to still being late the second time', () => {
    expect(render({ overdueHours: 26, notice: 1 }).text).toContain('26 hours late');
    const second = render({ overdueHours: 24, notice: 2 }, 'email', 'nb-NO');
    expect(second.subject).toBe('Saken din T-48213 venter fortsatt på svar – vi beklager');
    expect(second.text).toContain('24 timer');
  });
});
