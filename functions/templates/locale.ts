/** The locales stille has templates for, and how any BCP 47 tag maps onto one of them. */
import type { Market } from '#domain/messaging/types.ts';

/** Locales with templates: the four Nordic markets' languages, Finland's Swedish, and English. */
export const TEMPLATE_LOCALES = ['nb-NO', 'sv-SE', 'en-GB', 'fi-FI', 'sv-FI', 'da-DK'] as const;
/** A locale with templates. */
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** The locale used when the customer's locale has no templates. */
export const FALLBACK_LOCALE: TemplateLocale = 'en-GB';

// Norwegian in all its written forms reads Bokmål. Swedish is Sweden's Swedish unless the tag (or, for a
// bare `sv`, the customer's market) says Finland: Finland-Swedish (sv-FI, and Åland's sv-AX) writes to
// Finnish customers in euros and with Finland's words for things (kundtjänst, e-post, e-faktura).
const LOCALE_OF_LANGUAGE: Readonly<Record<string, TemplateLocale>> = {
  nb: 'nb-NO',
  no: 'nb-NO',
  nn: 'nb-NO',
  sv: 'sv-SE',
  en: 'en-GB',
  fi: 'fi-FI',
  da: 'da-DK',
};

/** Regions whose Swedish is Finland-Swedish. */
const FINLAND_SWEDISH_REGIONS: ReadonlySet<string> = new Set(['FI', 'AX']);

/**
 * The template locale for a customer's locale: by its language (`nb`, `no`, `nn` → nb-NO, `sv` → sv-SE,
 * `fi` → fi-FI, `da` → da-DK, `en` → en-GB), with Swedish of Finland or Åland (`sv-FI`, `sv-AX`, or a
 * bare `sv` for a customer in the `FI` market) → sv-FI; anything else, including a malformed tag, falls
 * back to en-GB.
 */
export function resolveLocale(locale: string, market?: Market): TemplateLocale {
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(locale);
  } catch {
    return FALLBACK_LOCALE;
  }
  const language = parsed.language.toLowerCase();
  if (language === 'sv') {
    const region = parsed.region?.toUpperCase();
    if (region !== undefined ? FINLAND_SWEDISH_REGIONS.has(region) : market === 'FI') return 'sv-FI';
  }
  return LOCALE_OF_LANGUAGE[language] ?? FALLBACK_LOCALE;
}

/**
 * Picks the text for `locale` from a text per locale (`{ "nb-NO": "…", "en-GB": "…" }`): the same tag,
 * then the same language (sv-SE for sv-FI and the other way round), then (unless `sameLanguageOnly`)
 * en-GB, then any. Undefined when none fits.
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
  const sameTemplate = entries.find(([tag]) => resolveLocaleOrNull(tag) === locale);
  if (sameTemplate !== undefined) return sameTemplate[1];
  const language = languageOf(locale);
  const sameLanguage = entries.find(([tag]) => {
    const resolved = resolveLocaleOrNull(tag);
    return resolved !== null && languageOf(resolved) === language;
  });
  if (sameLanguage !== undefined) return sameLanguage[1];
  if (sameLanguageOnly) return undefined;
  return texts[FALLBACK_LOCALE] ?? entries[0]?.[1];
}

/** `sv` of sv-SE and sv-FI. */
function languageOf(locale: TemplateLocale): string {
  return locale.slice(0, 2);
}

function resolveLocaleOrNull(tag: string): TemplateLocale | null {
  try {
    const language = new Intl.Locale(tag).language.toLowerCase();
    if (LOCALE_OF_LANGUAGE[language] === undefined) return null;
    return resolveLocale(tag);
  } catch {
    return null;
  }
}
