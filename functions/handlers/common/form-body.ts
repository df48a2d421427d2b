/**
 * The fields of a form posted to a link endpoint (the survey answer form, an RFC 8058 one-click
 * unsubscribe), as an HTTP API hands the body over (payload 2.0: base64-encoded for a form). Not a Lambda
 * entry of its own.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The largest form body read: a link form carries a token (at most 1,024 characters) and a field or two. */
export const MAX_FORM_BYTES = 8 * 1024;

/**
 * The fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body (RFC 8058 allows
 * both); the first value of a repeated field. Empty for any other content type, for a body over
 * {@link MAX_FORM_BYTES}, and for a multipart body without its boundary.
 */
export function formFields(event: APIGatewayProxyEventV2): Map<string, string> {
  const fields = new Map<string, string>();
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_FORM_BYTES) return fields;
  const text = bytes.toString('utf8');
  // An HTTP API lowercases header names.
  const contentType = event.headers?.['content-type'] ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  const add = (name: string, value: string) => {
    if (!fields.has(name)) fields.set(name, value);
  };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(text)) add(name, value);
  } else if (type === 'multipart/form-data') {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const delimiter = boundary?.[1] ?? boundary?.[2];
    if (delimiter) for (const [name, value] of multipartFields(text, delimiter)) add(name, value);
  }
  return fields;
}

/** The text fields of a multipart body (parts with a `filename` are files, and skipped). */
function multipartFields(text: string, boundary: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const part of text.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /;\s*filename=/i.test(disposition)) continue;
    fields.push([name, part.slice(headerEnd + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}
