import { expect } from 'vitest';
import { validateEvent } from '#domain/contracts/index.ts';
import type { FieldError } from '#domain/errors.ts';

/** The errors of an event that must be rejected. */
export function errorsFor(detailType: unknown, detail: unknown): FieldError[] {
  const result = validateEvent(detailType, detail);
  if (result.ok) throw new Error(`expected the ${String(detailType)} event to be rejected`);
  return result.errors;
}

/** The error paths of an event that must be rejected. */
export function pathsFor(detailType: unknown, detail: unknown): string[] {
  return errorsFor(detailType, detail).map((error) => error.path);
}

/** The parsed value of an event that must be accepted. */
export function acceptedValue(detailType: unknown, detail: unknown): unknown {
  const result = validateEvent(detailType, detail);
  if (!result.ok) {
    expect.fail(
      `expected the ${String(detailType)} event to be accepted, got ${JSON.stringify(result.errors)}`,
    );
  }
  return result.value;
}
