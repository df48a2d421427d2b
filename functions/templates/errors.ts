import type { FieldError } from '#domain/errors.ts';
import type { MessageKind } from '#domain/messaging/types.ts';

/**
 * A message cannot be rendered: its facts, links or customer data are missing or invalid for the kind,
 * or its SMS does not fit in the allowed segments. `errors` names each problem (`facts.amount`,
 * `links.answers.3`, `sms`). Never retried: the same input fails the same way.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly kind: MessageKind;
  readonly errors: FieldError[];

  constructor(kind: MessageKind, errors: FieldError[], options?: ErrorOptions) {
    const listed = errors
      .slice(0, 10)
      .map((error) => `${error.path} ${error.message}`)
      .join('; ');
    super(
      `cannot render ${kind}: ${listed}${errors.length > 10 ? ` (and ${errors.length - 10} more)` : ''}`,
      options,
    );
    this.kind = kind;
    this.errors = errors;
  }
}
