/**
 * 阿里云 RPC-style request signing (SignatureVersion 1.0, HMAC-SHA1), as the
 * 短信服务 (dysmsapi) documents it for SendSms:
 *
 * 1. every parameter except `Signature`, sorted by name (byte order);
 * 2. name and value percent-encoded (RFC 3986: only A–Z a–z 0–9 - _ . ~ stay as
 *    they are; space is %20, `*` is %2A, `~` is not encoded), joined `name=value`
 *    with `&` — the canonicalized query string;
 * 3. StringToSign = HTTPMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalized);
 * 4. Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)).
 *
 * No server code: the unit test checks it against the documentation's examples.
 */
import { createHmac } from 'node:crypto';

/** RFC 3986 percent-encoding of UTF-8, the way the 阿里云 POP signature wants it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalizedQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
}

export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

export function aliyunSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** Timestamp in the documented form: UTC, yyyy-MM-ddTHH:mm:ssZ. */
export function aliyunTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
