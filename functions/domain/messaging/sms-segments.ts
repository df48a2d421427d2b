/**
 * How many SMS segments a text costs. An SMS is sent in the GSM 03.38 7-bit default alphabet when every
 * character is in it (or in its extension table), otherwise in UCS-2 (UTF-16 code units).
 *
 * Nordic letters: Æ Ø Å æ ø å Ä Ö ä ö and é, ü, ß are in the default alphabet. Not in it, so they switch
 * the whole message to UCS-2: the Sámi letters (á č đ ŋ š ŧ ž and their capitals), Icelandic and Faroese
 * ð þ Ð Þ á í ó ú ý, Finnish š ž, Estonian õ, and typographic characters such as the no-break space,
 * the minus sign (U+2212), en and em dashes, curly quotes and the ellipsis.
 */

/** The GSM 03.38 default alphabet: one septet each (`\n` and `\r` included; ESC is not a character). */
const GSM_DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each character is sent as ESC + a septet, so it counts as two. */
const GSM_EXTENSION_TABLE = '\f^{}\\[~]|€';

const GSM_DEFAULT = new Set(GSM_DEFAULT_ALPHABET);
const GSM_EXTENSION = new Set(GSM_EXTENSION_TABLE);

/** Septets in a single-segment GSM-7 message. */
export const GSM7_SINGLE_SEGMENT = 160;
/** Septets per segment of a concatenated GSM-7 message (the concatenation header takes 7). */
export const GSM7_CONCATENATED_SEGMENT = 153;
/** UTF-16 code units in a single-segment UCS-2 message. */
export const UCS2_SINGLE_SEGMENT = 70;
/** UTF-16 code units per segment of a concatenated UCS-2 message (the header takes 3). */
export const UCS2_CONCATENATED_SEGMENT = 67;

/** The encoding an SMS is sent in. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** What a text costs as an SMS. */
export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Segments (message parts) the text is sent as; 0 for an empty text, which is not sent at all. */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
}

/** Whether every character of `text` can be sent in the GSM 03.38 alphabet (default or extension). */
export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM_DEFAULT.has(char) && !GSM_EXTENSION.has(char)) return false;
  }
  return true;
}

/**
 * Counts the encoding, units and segments of an SMS text. A character is never split between two
 * segments (an extension character's ESC and septet, or a surrogate pair, stay together), so a
 * concatenated segment may hold one unit less than its capacity.
 */
export function countSegments(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const sizes: number[] = [];
  for (const char of text) {
    if (encoding === 'GSM-7') sizes.push(GSM_EXTENSION.has(char) ? 2 : 1);
    // A character outside the BMP is a surrogate pair: two code units.
    else sizes.push(char.length);
  }
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE_SEGMENT : UCS2_SINGLE_SEGMENT;
  const perSegment = encoding === 'GSM-7' ? GSM7_CONCATENATED_SEGMENT : UCS2_CONCATENATED_SEGMENT;
  if (units === 0) return { encoding, segments: 0, units };
  if (units <= single) return { encoding, segments: 1, units };
  return { encoding, segments: packSegments(sizes, perSegment), units };
}

/** Packs indivisible characters into segments of `capacity` units, in order. */
function packSegments(sizes: readonly number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}
