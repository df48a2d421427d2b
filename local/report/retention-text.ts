/**
 * The words the HTML report and the summary use for the retention section: rates as percentages,
 * the difference in points with its interval, in plain sentences.
 */
import type { RetentionNumbers } from '#domain/contracts/index.ts';
import { formatCount } from './stats.ts';

/** `0.05` → `5.0 %`; null → `–`. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`;
}

/** Percentage points with one decimal and a real minus sign: `-0.031` → `−3.1`. */
export function pointsText(proportion: number): string {
  const points = (proportion * 100).toFixed(1);
  return points.startsWith('-') ? `−${points.slice(1)}` : points;
}

/** An amount with two decimals and a real minus sign, e.g. `NOK −1,234.50` (no currency: `−1,234.50`). */
export function moneyText(amount: number, currency = ''): string {
  const text = Math.abs(amount).toLocaleString('en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${currency ? `${currency} ` : ''}${amount < 0 ? '−' : ''}${text}`;
}

/**
 * "Among offered customers 5.0 % ended their contract within 90 days, against 12.0 % of held-out
 * customers: 7.0 points fewer (95 % interval −3.1 to 17.1)." Or why there is nothing to compare.
 */
export function differenceSentence(numbers: RetentionNumbers): string {
  const offered =
    numbers.endedRate?.offered ?? (numbers.offered > 0 ? numbers.ended.offered / numbers.offered : null);
  const heldOut =
    numbers.endedRate?.heldOut ?? (numbers.heldOut > 0 ? numbers.ended.heldOut / numbers.heldOut : null);
  const difference = numbers.difference;
  if (offered === null || heldOut === null || !difference) {
    if (numbers.offered === 0 && numbers.heldOut === 0) return 'Nobody was offered or held out.';
    return numbers.heldOut === 0
      ? `Nobody was held out, so there is nothing to compare the ${formatCount(numbers.offered)} offered customers with.`
      : 'Nobody was offered, so there is nothing to compare the held-out customers with.';
  }
  const points = Math.abs(difference.value * 100).toFixed(1);
  const direction =
    points === '0.0'
      ? 'no difference'
      : difference.value > 0
        ? `${points} points fewer`
        : `${points} points more`;
  // An interval that spans 0 cannot tell the offers' effect from chance: say so, so nobody counts
  // customers who would have stayed anyway as saved.
  const undecided =
    difference.low < 0 && difference.high > 0
      ? ' The interval includes 0: with groups this small the difference may be chance.'
      : '';
  return (
    `Among offered customers ${rateText(offered)} ended their contract within 90 days, against ` +
    `${rateText(heldOut)} of held-out customers: ${direction} ` +
    `(95 % interval ${pointsText(difference.low)} to ${pointsText(difference.high)}).${undecided}`
  );
}
