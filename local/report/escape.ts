/**
 * The HTML-escaping tagged template now lives with the message templates; the report keeps importing
 * it from here.
 */
export { escapeHtml, type HtmlValue, html, raw, SafeHtml } from '#templates/html.ts';
