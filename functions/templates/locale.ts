/** The locales stille has templates for, and how any BCP 47 tag maps onto one of them. */

/** Locales with templates. */
export const TEMPLATE_LOCALES = ['nb-NO', 'sv-SE', 'en-GB'] as const;
/** A locale with templates. */
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** The locale used when the customer's locale has no templates. */
export const FALLBACK_LOCALE: TemplateLocale = 'en-GB';

// Norwegian in all its written forms reads Bokmål; Swedish is Swedish wherever it is spoken (sv-FI too).
const LOCALE_OF_LANGUAGE: Readonly<Record<string, TemplateLocale>> = {
  nb: 'nb-NO',
  no: 'nb-NO',
  nn: 'nb-NO',
  sv: 'sv-SE',
  en: 'en-GB',
};

/**
 * The template locale for a customer's locale: by its language (`nb`, `no`, `nn` → nb-NO, `sv` → sv-SE,
 * `en` → en-GB); anything else, including a malformed tag, falls back to en-GB.
 */
export function resolveLocale(locale: string): TemplateLocale {
  let language: string;
  try {
    language = new Intl.Locale(locale).language.toLowerCase();
  } catch {
    return FALLBACK_LOCALE;
  }
  return LOCALE_OF_LANGUAGE[language] ?? FALLBACK_LOCALE;
}

/**
 * Picks the text for `locale` from a text per locale (`{ "nb-NO": "…", "en-GB": "…" }`): the same tag,
 * then the same language, then (unless `sameLanguageOnly`) en-GB, then any. Undefined when none fits.
 */
export function pickLocalized(
  texts: Readonly<Record<string, string>> | undefined,
  locale: TemplateLocale,
  sameLanguageOnly = false,
): string | undefined {
  if (texts === undefined) return undefined;
  const exact = texts[locale];
  if (exact !== undefined) return exact;
  const entries = Object.entries(texts);
  const sameLanguage = entries.find(([tag]) => resolveLocaleOrNull(tag) === locale);
  if (sameLanguage !== undefined) return sameLanguage[1];
  if (sameLanguageOnly) return undefined;
  return texts[FALLBACK_LOCALE] ?? entries[0]?.[1];
}

function resolveLocaleOrNull(tag: string): TemplateLocale | null {
  try {
    return LOCALE_OF_LANGUAGE[new Intl.Locale(tag).language.toLowerCase()] ?? null;
  } catch {
    return null;
  }
}
