/**
 * A local stand-in for 阿里云短信 (dysmsapi SendSms) that checks each request the
 * way the service documents it — written here independently of the app's signer:
 * the common parameters (Action, Version, Format, SignatureMethod HMAC-SHA1,
 * SignatureVersion 1.0, a fresh SignatureNonce, a UTC Timestamp within 15 minutes,
 * the AccessKeyId), the SendSms parameters (PhoneNumbers, SignName, TemplateCode,
 * TemplateParam as a JSON object), and the Signature: Base64(HMAC-SHA1(secret + "&",
 * METHOD & %2F & encode(sorted, encoded query))). It answers like the service:
 * {Code: "OK", BizId, RequestId} or an error code.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsCall {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string | null;
}

export interface FakeAliyun {
  url: string;
  accepted: SmsCall[];
  /** requests refused for a wrong signature or parameters (must stay empty) */
  refused: string[];
  /** the next answers: 'ok', an error code such as 'isv.MOBILE_NUMBER_ILLEGAL', or 'http500' */
  answers: string[];
  close: () => Promise<void>;
}

// RFC 3986 as the signature documentation spells it out: URL-encode, then + → %20, * → %2A, %7E → ~
const popEncode = (s: string) =>
  encodeURIComponent(s)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A')
    .replace(/\+/g, '%20')
    .replace(/%7E/g, '~');

export async function startFakeAliyun(credentials: { accessKeyId: string; accessKeySecret: string }): Promise<FakeAliyun> {
  const accepted: SmsCall[] = [];
  const refused: string[] = [];
  const answers: string[] = [];
  const nonces = new Set<string>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const reply = (status: number, body: Record<string, string>) => {
        res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const form = new URLSearchParams(req.method === 'POST' ? raw : '');
      const params: Record<string, string> = {};
      for (const [k, v] of [...query, ...form]) params[k] = v;
      const refuse = (code: string, message: string) => {
        refused.push(`${code}: ${message}`);
        reply(400, { Code: code, Message: message, RequestId: 'fake-refused' });
      };
      const required = [
        'AccessKeyId',
        'Action',
        'Format',
        'PhoneNumbers',
        'SignName',
        'SignatureMethod',
        'SignatureNonce',
        'SignatureVersion',
        'TemplateCode',
        'Signature',
        'Timestamp',
        'Version',
        'RegionId',
      ];
      const missing = required.filter((k) => !params[k]);
      if (missing.length) return refuse('MissingParameter', missing.join(','));
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25')
        return refuse('InvalidAction', `${params.Action} ${params.Version}`);
      if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0')
        return refuse('InvalidSignatureMethod', params.SignatureMethod);
      if (params.AccessKeyId !== credentials.accessKeyId) return refuse('InvalidAccessKeyId.NotFound', params.AccessKeyId);
      if (
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp) ||
        Math.abs(Date.parse(params.Timestamp) - Date.now()) > 15 * 60_000
      )
        return refuse('InvalidTimeStamp.Expired', params.Timestamp);
      if (nonces.has(params.SignatureNonce)) return refuse('SignatureNonceUsed', params.SignatureNonce);
      const { Signature, ...signed } = params;
      const canonical = Object.keys(signed)
        .sort()
        .map((k) => `${popEncode(k)}=${popEncode(signed[k])}`)
        .join('&');
      const toSign = `${req.method}&${popEncode('/')}&${popEncode(canonical)}`;
      const expected = createHmac('sha1', `${credentials.accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
      if (Signature !== expected) return refuse('SignatureDoesNotMatch', `expected ${expected}, got ${Signature}`);
      nonces.add(params.SignatureNonce);
      let templateParams: Record<string, string>;
      try {
        templateParams = JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>;
        if (!templateParams || typeof templateParams !== 'object' || Array.isArray(templateParams)) throw new Error('not an object');
      } catch {
        return refuse('isv.INVALID_JSON_PARAM', params.TemplateParam ?? '');
      }
      const answer = answers.shift() ?? 'ok';
      if (answer === 'http500')
        return reply(500, {
          Code: 'InternalError',
          Message: 'The request processing has failed due to some unknown error.',
          RequestId: 'fake-500',
        });
      if (answer !== 'ok') return reply(200, { Code: answer, Message: `fake ${answer}`, RequestId: 'fake-err' });
      accepted.push({
        phone: params.PhoneNumbers,
        signName: params.SignName,
        templateCode: params.TemplateCode,
        params: templateParams,
        outId: params.OutId ?? null,
      });
      reply(200, { Code: 'OK', Message: 'OK', BizId: `biz${accepted.length}`, RequestId: `req${accepted.length}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    accepted,
    refused,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
