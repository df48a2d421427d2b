/**
 * Building HTML safely: the `html` tagged template escapes every interpolation unless it is `SafeHtml`,
 * so text from customers and events is escaped by construction. Used by the message templates and by
 * the local HTML report (through `local/report/escape.ts`).
 */

/**
 * HTML that is safe to insert as is: produced by the `html` tag (whose interpolations were escaped) or
 * marked with `raw()` by code that built it itself.
 */
export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** A value the `html` tag accepts: text is escaped, `SafeHtml` is kept, arrays are joined, nothing is dropped. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/**
 * Marks a string as trusted HTML. Only for markup this code wrote itself, never for anything that came
 * from a customer, an event or a template.
 */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => interpolate(item)).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolation unless it is `SafeHtml`, so customer data is escaped
 * by construction: `html\`<td>${customer.name}</td>\``. Attribute values must be quoted with `"`.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += interpolate(values[i]) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}
