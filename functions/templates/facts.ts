/**
 * Schemas shared by the templates' fact schemas, and the parse that turns a bad fact into a
 * `TemplateError` naming it. Facts are computed by the domain; the templates check them again because a
 * message that shows a wrong or missing number is worse than no message.
 */
import * as z from 'zod/mini';
import {
  currency,
  id,
  isoDate,
  localizedText,
  MAX_MONEY,
  renderPath,
  safeParseContract,
  shortText,
} from '#domain/contracts/index.ts';
import type { MessageKind } from '#domain/messaging/types.ts';
import { TemplateError } from './errors.ts';
import { pickLocalized, type TemplateLocale } from './locale.ts';

export { currency, id, isoDate };

/**
 * An amount or a price a message shows: finite, |x| ≤ 1e9. Facts are computed (a usual unit price is an
 * average), so any precision is kept; formatting rounds. What billing may send is the contracts' `money`.
 */
export const factAmount = z.number().check(z.gte(-MAX_MONEY), z.lte(MAX_MONEY));

/** An amount or a price a message shows that cannot be negative: 0 ≤ x ≤ 1e9. */
export const nonNegativeFactAmount = z.number().check(z.gte(0), z.lte(MAX_MONEY));

/** A name shown to the customer: one text, or a text per locale as events carry them. */
export const displayName = z.union([shortText.check(z.minLength(1)), localizedText(200, 1)]);
/** A name shown to the customer. */
export type DisplayName = z.output<typeof displayName>;

/** The text of a {@link DisplayName} for a locale (undefined when there is none). */
export function nameFor(name: DisplayName | undefined, locale: TemplateLocale): string | undefined {
  if (name === undefined) return undefined;
  return typeof name === 'string' ? name : pickLocalized(name, locale);
}

/** A count of something (kWh, hours, days): finite, 0 ≤ x ≤ 1e9. */
export const quantity = z.number().check(z.gte(0), z.lte(1e9));

/** A unit of a quantity such as `kWh`. */
export const unit = z.string().check(z.minLength(1), z.maxLength(16));

/** Every fact schema may carry the currency its amounts are in. */
export const withCurrency = { currency: z.optional(currency) };

/**
 * Parses `facts` for `kind`.
 * @throws TemplateError naming every missing or invalid fact (`facts.amount is required`).
 */
export function parseFacts<Schema extends z.ZodMiniType>(
  kind: MessageKind,
  schema: Schema,
  facts: unknown,
): z.output<Schema> {
  const result = safeParseContract(schema, facts);
  if (result.success) return result.data;
  throw new TemplateError(
    kind,
    result.error.issues.slice(0, 50).map((issue) => ({
      path: issue.path.length === 0 ? 'facts' : `facts.${renderPath(issue.path)}`,
      message: issue.message,
    })),
    { cause: result.error },
  );
}
