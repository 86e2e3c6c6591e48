/**
 * SMS through a provider (docs/decisions/033a). `SMS_PROVIDER` chooses it:
 *
 * - `demo` (the default): nothing leaves the machine; the message is recorded as
 *   delivered by `demo` and shown to administrators on /admin/outbox.
 * - `aliyun`: 阿里云短信服务, action SendSms of dysmsapi (version 2017-05-25), signed
 *   with the RPC signature (./aliyun-signature.ts). Variables: SMS_ACCESS_KEY_ID,
 *   SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME (签名), SMS_TEMPLATE_<KIND> (模板 CODE per kind of
 *   message, e.g. SMS_TEMPLATE_INTEREST_NEW for interest.new), SMS_REGION
 *   (cn-hangzhou), SMS_ENDPOINT (https://dysmsapi.aliyuncs.com/).
 *
 * A provider throws on failure: a `PermanentDeliveryError` (wrong number, missing
 * template, rejected credentials) ends the message as failed at once; any other
 * error is retried by the outbox with backoff.
 */
import { randomUUID } from 'node:crypto';
import { aliyunSignature, aliyunTimestamp } from './aliyun-signature';

export interface SmsRequest {
  /** the outbox message id (OutId at the provider) */
  id: string;
  to: string;
  kind: string;
  /** the whole text (the demo provider, the administrators' page) */
  text: string;
  /** template parameters */
  params: Record<string, string>;
}

export interface SmsOutcome {
  provider: string;
  /** the provider's reference (阿里云 BizId) */
  reference?: string;
}

export interface SmsProvider {
  name: string;
  send(request: SmsRequest): Promise<SmsOutcome>;
}

/** A failure that another attempt will not cure. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** `interest.new` → `SMS_TEMPLATE_INTEREST_NEW` */
export function templateVariable(kind: string): string {
  return `SMS_TEMPLATE_${kind
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;
}

export const demoSmsProvider: SmsProvider = {
  name: 'demo',
  async send() {
    return { provider: 'demo' };
  },
};

/** 阿里云 error codes that no retry can fix (the rest — flow control, outages — are retried). */
const ALIYUN_PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_SIGN_ILLEGAL',
  'isv.INVALID_PARAMETERS',
  'isv.INVALID_JSON_PARAM',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.DENY_IP_RANGE',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'Forbidden.RAM',
  'MissingParameter',
]);

export interface AliyunConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  endpoint: string;
  regionId: string;
  templates: (kind: string) => string | undefined;
  timeoutMs?: number;
}

export function aliyunSmsProvider(config: AliyunConfig): SmsProvider {
  return {
    name: 'aliyun',
    async send(request) {
      const templateCode = config.templates(request.kind);
      if (!templateCode)
        throw new PermanentDeliveryError(`no SMS template configured for ${request.kind} (${templateVariable(request.kind)})`);
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: request.id,
        PhoneNumbers: request.to,
        RegionId: config.regionId,
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: templateCode,
        TemplateParam: JSON.stringify(request.params),
        Timestamp: aliyunTimestamp(new Date()),
        Version: '2017-05-25',
      };
      const body = new URLSearchParams({ ...params, Signature: aliyunSignature('POST', params, config.accessKeySecret) });
      let res: Response;
      try {
        res = await fetch(config.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new Error(`阿里云短信 unreachable: ${(error as Error).message}`);
      }
      const text = await res.text();
      let answer: { Code?: string; Message?: string; BizId?: string; RequestId?: string } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        /* not JSON: an error page of a proxy */
      }
      if (res.ok && answer.Code === 'OK') return { provider: 'aliyun', reference: answer.BizId };
      const code = answer.Code ?? `HTTP ${res.status}`;
      const message = `阿里云短信 ${code}: ${answer.Message ?? text.slice(0, 200)}${answer.RequestId ? ` (RequestId ${answer.RequestId})` : ''}`;
      throw ALIYUN_PERMANENT.has(code) ? new PermanentDeliveryError(message) : new Error(message);
    },
  };
}

/** The provider that SMS_PROVIDER names; a misconfiguration is a permanent failure of each message, shown to administrators. */
export function smsProviderFromEnv(env: NodeJS.ProcessEnv = process.env): SmsProvider {
  const name = (env.SMS_PROVIDER || 'demo').toLowerCase();
  if (name === 'demo') return demoSmsProvider;
  if (name === 'aliyun') {
    const missing = ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME'].filter((k) => !env[k]);
    if (missing.length) return failing(`SMS_PROVIDER=aliyun needs ${missing.join(', ')}`);
    return aliyunSmsProvider({
      accessKeyId: env.SMS_ACCESS_KEY_ID!,
      accessKeySecret: env.SMS_ACCESS_KEY_SECRET!,
      signName: env.SMS_SIGN_NAME!,
      endpoint: env.SMS_ENDPOINT || 'https://dysmsapi.aliyuncs.com/',
      regionId: env.SMS_REGION || 'cn-hangzhou',
      templates: (kind) => env[templateVariable(kind)] || undefined,
    });
  }
  return failing(`unknown SMS_PROVIDER ${name} (demo or aliyun)`);
}

function failing(reason: string): SmsProvider {
  return {
    name: 'misconfigured',
    async send() {
      throw new PermanentDeliveryError(reason);
    },
  };
}
