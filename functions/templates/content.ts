/**
 * What an email says, as data: paragraphs, tables of numbers, lists, links. Each template builds this
 * once per message; `layout.ts` renders it both as HTML and as plain text, so the two parts always carry
 * the same content. Every string here is plain text (never markup): it is escaped when rendered.
 */

/** Emphasised text. */
export interface Strong {
  strong: string;
}

/** A link inside a sentence. */
export interface InlineLink {
  href: string;
  text: string;
}

/** A piece of a sentence: text, emphasised text or a link. */
export type Inline = string | Strong | InlineLink;

/** A row of a table of figures; `detail` is a smaller second line under the label. */
export interface TableRow {
  label: string;
  value: string;
  detail?: string;
  /** A total or the row the message is about: shown in bold. */
  emphasis?: boolean;
}

/** One answer of a one-click scale question. */
export interface ScaleOption {
  label: string;
  href: string;
  /** What a screen reader says for the option: `3 av 5`. */
  ariaLabel: string;
}

/** A block of an email body. */
export type Block =
  | { type: 'paragraph'; content: readonly Inline[] }
  | { type: 'heading'; text: string }
  | { type: 'table'; caption: string; rows: readonly TableRow[] }
  | { type: 'list'; items: readonly (readonly Inline[])[] }
  | { type: 'button'; text: string; href: string }
  | { type: 'scale'; question: string; options: readonly ScaleOption[]; legend: string };

/** An email as the template writes it; greeting, sign-off and footer are added by the layout. */
export interface EmailContent {
  subject: string;
  blocks: readonly Block[];
}

/** Emphasis: `p\`Fakturaen er på ${b(amount)}\``. */
export function b(text: string): Strong {
  return { strong: text };
}

/**
 * A paragraph from a template literal: `p\`Fra ${b(date)} endres prisen din.\``. Interpolations are
 * text (escaped when rendered), emphasis or links; `null`, `undefined` and `false` add nothing, so
 * optional parts can be written inline.
 */
export function p(strings: TemplateStringsArray, ...values: (Inline | null | undefined | false)[]): Block {
  return { type: 'paragraph', content: inlines(strings, values) };
}

/** A paragraph of plain text. */
export function para(text: string): Block {
  return { type: 'paragraph', content: [singleStops(text)] };
}

/**
 * Two full stops where a sentence ends on an abbreviation become one: Danish writes an amount `1.240,50
 * kr.`, and "Regningen er på 1.240,50 kr." ends there, not in `kr..`. An ellipsis (three) is left alone.
 */
export function singleStops(text: string): string {
  return text.replace(/(?<!\.)\.\.(?!\.)/g, '.');
}

function endsWithStop(piece: Inline | undefined): boolean {
  if (piece === undefined) return false;
  const text = typeof piece === 'string' ? piece : 'strong' in piece ? piece.strong : piece.text;
  return text.endsWith('.') && !text.endsWith('..');
}

/** A list item from a template literal, like {@link p}. */
export function li(
  strings: TemplateStringsArray,
  ...values: (Inline | null | undefined | false)[]
): Inline[] {
  return inlines(strings, values);
}

function inlines(
  strings: TemplateStringsArray,
  values: readonly (Inline | null | undefined | false)[],
): Inline[] {
  const content: Inline[] = [];
  const push = (piece: Inline): void => {
    if (typeof piece === 'string') {
      // `${b('1.240,50 kr.')}.` ends the sentence once.
      const text = singleStops(
        endsWithStop(content.at(-1)) && /^\.(?!\.)/.test(piece) ? piece.slice(1) : piece,
      );
      if (text !== '') content.push(text);
      return;
    }
    content.push(piece);
  };
  strings.forEach((text, index) => {
    if (text !== '') push(text);
    const value = values[index];
    if (value !== undefined && value !== null && value !== false && value !== '') push(value);
  });
  return content;
}

/** The plain text of inline content: emphasis dropped, links written as `text (url)`. */
export function inlineText(content: readonly Inline[]): string {
  return content
    .map((piece) => {
      if (typeof piece === 'string') return piece;
      if ('strong' in piece) return piece.strong;
      return piece.text === piece.href ? piece.href : `${piece.text} (${piece.href})`;
    })
    .join('');
}
