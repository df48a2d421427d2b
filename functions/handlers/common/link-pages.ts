/**
 * The small HTML pages the link endpoints (unsubscribe, survey answers) answer with: one language, no
 * script, nothing cached, every value escaped by `html`. Not a Lambda entry of its own.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { html, type SafeHtml } from '#templates/html.ts';

/**
 * The languages the pages speak. Swedish is one page language on both sides of the Gulf of Bothnia: the
 * pages' few sentences are written in words Finland-Swedish uses too (kundtjänst, e-post, enkät).
 */
export type PageLanguage = 'nb' | 'sv' | 'en' | 'fi' | 'da';

/**
 * The page language: from the message's locale when the link carries one, else from the browser's
 * first `Accept-Language`; English otherwise.
 */
export function pageLanguageOf(locale: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const first = (locale ?? (acceptLanguage ?? '').split(',')[0] ?? '').trim().toLowerCase();
  if (/^(nb|nn|no)\b/.test(first)) return 'nb';
  if (/^sv\b/.test(first)) return 'sv';
  if (/^fi\b/.test(first)) return 'fi';
  if (/^da\b/.test(first)) return 'da';
  return 'en';
}

/** Extra CSS and CSP directives a page needs (form buttons, score links). */
export interface PageOptions {
  css?: string;
  csp?: string;
}

/** A page: a heading and the body, with headers that keep it out of caches, frames and referrers. */
export function linkPage(
  statusCode: number,
  language: PageLanguage,
  title: string,
  body: SafeHtml,
  options: PageOptions = {},
): APIGatewayProxyStructuredResultV2 {
  const css = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}${options.css ?? ''}`;
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'${options.csp ?? ''}`,
      'referrer-policy': 'no-referrer',
    },
    body: String(html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>${css}</style></head>
<body><h1>${title}</h1>${body}</body></html>`),
  };
}
