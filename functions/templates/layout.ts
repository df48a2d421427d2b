/**
 * The email around a template's content: greeting, sign-off and footer per locale, rendered as a
 * simple, accessible, inline-styled HTML page (no external assets, no scripts) and as plain text with
 * the same content. HTML is built only with the `html` tag, so every text is escaped by construction.
 */
import type { SenderProfile } from '#domain/config/sender-profile.ts';
import type { Purpose } from '#domain/messaging/types.ts';
import type { Block, EmailContent, Inline, TableRow } from './content.ts';
import { inlineText } from './content.ts';
import { html, type SafeHtml } from './html.ts';
import type { TemplateLocale } from './locale.ts';
import { senderFooterLines, senderFooterLineText, senderSignOff } from './sender-footer.ts';
import type { MarketingBasis } from './template.ts';

/** The words around every email in one locale. */
export interface Chrome {
  greeting(name: string | null): string;
  /** The first line of the sign-off; the second names the sender (`senderSignOff`). */
  signOff: string;
  /** Why the customer gets the message, by purpose. */
  footer: Readonly<Record<Purpose, string>>;
  unsubscribe: string;
  /**
   * For a marketing message on the existing-customer basis, in place of `footer.marketing`: why they
   * get it, and that they can say no, free and simply (the unsubscribe link follows).
   */
  existingCustomerFooter: string;
  /** The same without an unsubscribe link: how else to say no. */
  existingCustomerSayNo: string;
  /** The SMS's short version (its opt-out is already there). */
  existingCustomerSms: string;
}

/** Greeting, sign-off and footer per locale. */
export const CHROME: Readonly<Record<TemplateLocale, Chrome>> = {
  'nb-NO': {
    greeting: (name) => (name === null ? 'Hei,' : `Hei ${name},`),
    signOff: 'Vennlig hilsen',
    footer: {
      service: 'Du får denne meldingen fordi den gjelder avtalen din hos oss.',
      survey: 'Du får denne e-posten fordi du har sagt ja til å få spørsmål om hva du synes om oss.',
      marketing: 'Du får denne e-posten fordi du har sagt ja til tilbud fra oss.',
    },
    unsubscribe: 'Meld deg av',
    existingCustomerFooter:
      'Du får dette tilbudet fordi du er kunde hos oss. Du kan når som helst si nei til slike tilbud, gratis.',
    existingCustomerSayNo: 'Svar på denne e-posten eller ring oss for å si nei.',
    existingCustomerSms: 'Du får dette fordi du er kunde hos oss.',
  },
  'sv-SE': {
    greeting: (name) => (name === null ? 'Hej,' : `Hej ${name},`),
    signOff: 'Vänliga hälsningar',
    footer: {
      service: 'Du får det här meddelandet eftersom det gäller ditt avtal med oss.',
      survey: 'Du får det här mejlet eftersom du har sagt ja till att få frågor om vad du tycker om oss.',
      marketing: 'Du får det här mejlet eftersom du har sagt ja till erbjudanden från oss.',
    },
    unsubscribe: 'Avregistrera dig',
    existingCustomerFooter:
      'Du får det här erbjudandet eftersom du är kund hos oss. Du kan när som helst tacka nej till sådana erbjudanden, utan kostnad.',
    existingCustomerSayNo: 'Svara på det här mejlet eller ring oss för att tacka nej.',
    existingCustomerSms: 'Du får detta eftersom du är kund hos oss.',
  },
  'en-GB': {
    greeting: (name) => (name === null ? 'Hello,' : `Hello ${name},`),
    signOff: 'Kind regards',
    footer: {
      service: 'You are getting this message because it concerns your agreement with us.',
      survey: 'You are getting this email because you agreed to be asked what you think of us.',
      marketing: 'You are getting this email because you agreed to receive offers from us.',
    },
    unsubscribe: 'Unsubscribe',
    existingCustomerFooter:
      'You get this offer because you are our customer. You can say no to offers like this at any time, free of charge.',
    existingCustomerSayNo: 'Reply to this email or call us to say no.',
    existingCustomerSms: 'You get this because you are our customer.',
  },
  'fi-FI': {
    greeting: (name) => (name === null ? 'Hei,' : `Hei ${name},`),
    signOff: 'Ystävällisin terveisin',
    footer: {
      service: 'Saat tämän viestin, koska se koskee sopimustasi.',
      survey: 'Saat tämän sähköpostin, koska olet antanut luvan kysyä mielipidettäsi palvelustamme.',
      marketing: 'Saat tämän sähköpostin, koska olet antanut luvan lähettää sinulle tarjouksiamme.',
    },
    unsubscribe: 'Peru tilaus',
    existingCustomerFooter:
      'Saat tämän tarjouksen, koska olet asiakkaamme. Voit milloin tahansa kieltää tällaiset tarjoukset maksutta.',
    existingCustomerSayNo: 'Voit kieltää ne vastaamalla tähän viestiin tai soittamalla meille.',
    existingCustomerSms: 'Saat tämän, koska olet asiakkaamme.',
  },
  'sv-FI': {
    greeting: (name) => (name === null ? 'Hej,' : `Hej ${name},`),
    signOff: 'Med vänlig hälsning',
    footer: {
      service: 'Du får det här meddelandet eftersom det gäller ditt avtal med oss.',
      survey:
        'Du får det här e-postmeddelandet eftersom du har sagt ja till att få frågor om vad du tycker om oss.',
      marketing: 'Du får det här e-postmeddelandet eftersom du har sagt ja till erbjudanden från oss.',
    },
    unsubscribe: 'Avbeställ',
    existingCustomerFooter:
      'Du får det här erbjudandet eftersom du är kund hos oss. Du kan när som helst tacka nej till sådana erbjudanden, utan kostnad.',
    existingCustomerSayNo: 'Svara på det här e-postmeddelandet eller ring oss för att tacka nej.',
    existingCustomerSms: 'Du får detta eftersom du är kund hos oss.',
  },
  'da-DK': {
    greeting: (name) => (name === null ? 'Hej,' : `Hej ${name},`),
    signOff: 'Venlig hilsen',
    footer: {
      service: 'Du får denne besked, fordi den handler om din aftale med os.',
      survey: 'Du får denne e-mail, fordi du har sagt ja til at blive spurgt om, hvad du synes om os.',
      marketing: 'Du får denne e-mail, fordi du har sagt ja til at få tilbud fra os.',
    },
    unsubscribe: 'Afmeld',
    existingCustomerFooter:
      'Du får dette tilbud, fordi du er kunde hos os. Du kan til enhver tid sige nej til tilbud som dette, gratis.',
    existingCustomerSayNo: 'Svar på denne e-mail, eller ring til os, for at sige nej.',
    existingCustomerSms: 'Du får dette, fordi du er kunde hos os.',
  },
};

/** What the layout needs besides the content. */
export interface LayoutOptions {
  locale: TemplateLocale;
  purpose: Purpose;
  /** The name the greeting uses, or null for a greeting without a name. */
  name: string | null;
  /** One-click unsubscribe URL; shown only for survey and marketing messages. */
  unsubscribe: string | undefined;
  /** Who the message is from and how to reach us: in the sign-off and the footer. */
  sender: SenderProfile;
  /** Why a marketing message goes to the customer; consent if omitted. */
  marketingBasis?: MarketingBasis;
}

/** The two lines of the sign-off: "Vennlig hilsen", "Stille kundeservice". */
function signOffLines(options: LayoutOptions): string[] {
  return [CHROME[options.locale].signOff, senderSignOff(options.sender, options.locale)];
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const TEXT_COLOUR = '#1f2328';
const MUTED_COLOUR = '#57606a';
const LINK_COLOUR = '#0b57a4';
const RULE = 'border-top:1px solid #d8dee4;';

/** The unsubscribe link the footer shows: only survey and marketing messages carry one. */
function unsubscribeLink(options: LayoutOptions): string | undefined {
  return options.purpose === 'service' ? undefined : options.unsubscribe;
}

/**
 * Why the customer gets the message: by purpose, and for marketing on the existing-customer basis that
 * they are our customer and can say no, free (by the unsubscribe link that follows, or else by reply).
 */
function footerReason(options: LayoutOptions, unsubscribe: string | undefined): string {
  const chrome = CHROME[options.locale];
  if (options.purpose !== 'marketing' || options.marketingBasis !== 'existing-customer') {
    return chrome.footer[options.purpose];
  }
  return unsubscribe === undefined
    ? `${chrome.existingCustomerFooter} ${chrome.existingCustomerSayNo}`
    : chrome.existingCustomerFooter;
}

/** The email as an HTML document. */
export function renderEmailHtml(content: EmailContent, options: LayoutOptions): string {
  const chrome = CHROME[options.locale];
  const unsubscribe = unsubscribeLink(options);
  const page = html`<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${content.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f1;">
<div role="article" aria-roledescription="email" aria-label="${content.subject}" lang="${options.locale}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f1;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 28px;${FONT}font-size:16px;line-height:1.5;color:${TEXT_COLOUR};text-align:left;">
<p style="margin:0 0 16px;">${chrome.greeting(options.name)}</p>
${content.blocks.map(blockHtml)}
<p style="margin:24px 0 0;">${signOffLines(options).map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`))}</p>
</td></tr>
</table>
<p style="margin:16px auto 0;max-width:600px;${FONT}font-size:13px;line-height:1.5;color:${MUTED_COLOUR};text-align:left;">${senderFooterLines(options.sender, options.locale, options.purpose).map((line) => html`${footerInlineHtml(line)}<br>`)}${footerReason(options, unsubscribe)}${unsubscribe === undefined ? '' : html` <a href="${unsubscribe}" style="color:${MUTED_COLOUR};text-decoration:underline;">${chrome.unsubscribe}</a>`}</p>
</td></tr>
</table>
</div>
</body>
</html>
`;
  return page.value;
}

function footerInlineHtml(content: readonly Inline[]): SafeHtml {
  return html`${content.map((piece) => {
    if (typeof piece === 'string') return piece;
    if ('strong' in piece) return html`<strong>${piece.strong}</strong>`;
    return html`<a href="${piece.href}" style="color:${MUTED_COLOUR};text-decoration:underline;">${piece.text}</a>`;
  })}`;
}

function inlineHtml(content: readonly Inline[]): SafeHtml {
  return html`${content.map((piece) => {
    if (typeof piece === 'string') return piece;
    if ('strong' in piece) return html`<strong>${piece.strong}</strong>`;
    return html`<a href="${piece.href}" style="color:${LINK_COLOUR};text-decoration:underline;">${piece.text}</a>`;
  })}`;
}

function rowHtml(row: TableRow): SafeHtml {
  const weight = row.emphasis === true ? 'font-weight:bold;' : 'font-weight:normal;';
  return html`<tr><th scope="row" style="text-align:left;padding:8px 12px 8px 0;${RULE}vertical-align:top;${weight}">${row.label}${row.detail === undefined ? '' : html`<br><span style="font-size:13px;font-weight:normal;color:${MUTED_COLOUR};">${row.detail}</span>`}</th><td style="text-align:right;padding:8px 0;${RULE}vertical-align:top;white-space:nowrap;${weight}">${row.value}</td></tr>`;
}

function blockHtml(block: Block): SafeHtml {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px;">${inlineHtml(block.content)}</p>\n`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;">${block.text}</h2>\n`;
    case 'table':
      return html`<table style="width:100%;border-collapse:collapse;margin:0 0 20px;font-size:15px;">
<caption style="text-align:left;font-weight:bold;padding:0 0 8px;">${block.caption}</caption>
<tbody>${block.rows.map(rowHtml)}</tbody>
</table>\n`;
    case 'list':
      return html`<ul style="margin:0 0 16px;padding:0 0 0 20px;">${block.items.map((item) => html`<li style="margin:0 0 8px;">${inlineHtml(item)}</li>`)}</ul>\n`;
    case 'button':
      return html`<p style="margin:24px 0;"><a href="${block.href}" style="display:inline-block;padding:12px 22px;background-color:${LINK_COLOUR};color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">${block.text}</a></p>\n`;
    case 'scale':
      return html`<div role="group" aria-label="${block.question}" style="margin:0 0 16px;">
<p style="margin:0 0 12px;font-weight:bold;">${block.question}</p>
<p style="margin:0 0 4px;">${block.options.map((option) => html`<a href="${option.href}" aria-label="${option.ariaLabel}" style="display:inline-block;min-width:40px;padding:10px 0;margin:0 6px 6px 0;text-align:center;border:1px solid ${LINK_COLOUR};border-radius:6px;color:${LINK_COLOUR};text-decoration:none;font-weight:bold;">${option.label}</a>`)}</p>
<p style="margin:0;font-size:13px;color:${MUTED_COLOUR};">${block.legend}</p>
</div>\n`;
  }
}

/** The email as plain text: the same content, links written out. */
export function renderEmailText(content: EmailContent, options: LayoutOptions): string {
  const chrome = CHROME[options.locale];
  const unsubscribe = unsubscribeLink(options);
  const parts = [
    chrome.greeting(options.name),
    ...content.blocks.map(blockText),
    signOffLines(options).join('\n'),
  ];
  const footer = [
    ...senderFooterLines(options.sender, options.locale, options.purpose).map(senderFooterLineText),
    footerReason(options, unsubscribe),
  ];
  if (unsubscribe !== undefined) footer.push(`${chrome.unsubscribe}: ${unsubscribe}`);
  return `${parts.join('\n\n')}\n\n--\n${footer.join('\n')}\n`;
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return inlineText(block.content);
    case 'heading':
      return block.text;
    case 'table':
      return [
        block.caption,
        ...block.rows.map(
          (row) => `  ${row.label}${row.detail === undefined ? '' : ` (${row.detail})`}: ${row.value}`,
        ),
      ].join('\n');
    case 'list':
      return block.items.map((item) => `- ${inlineText(item)}`).join('\n');
    case 'button':
      return `${block.text}: ${block.href}`;
    case 'scale':
      return [
        block.question,
        ...block.options.map((option) => `  ${option.label}: ${option.href}`),
        block.legend,
      ].join('\n');
  }
}
