import { describe, expect, it } from 'vitest';
import { aliyunSignature, aliyunTimestamp, canonicalizedQuery, percentEncode, stringToSign } from './aliyun-signature';

// The SendSms example of the 短信服务 documentation ("HTTP 协议及签名").
const SEND_SMS_EXAMPLE = {
  AccessKeyId: 'testId',
  Action: 'SendSms',
  Format: 'XML',
  OutId: '123',
  PhoneNumbers: '15300000001',
  RegionId: 'cn-hangzhou',
  SignName: '阿里云短信测试专用',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
  SignatureVersion: '1.0',
  TemplateCode: 'SMS_71390007',
  TemplateParam: '{"customer":"test"}',
  Timestamp: '2017-07-12T02:42:19Z',
  Version: '2017-05-25',
};

describe('阿里云 RPC signature', () => {
  it('percent-encodes as RFC 3986: space %20, * %2A, ~ kept, UTF-8 bytes', () => {
    expect(percentEncode('a b')).toBe('a%20b');
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode("~-_.!'()")).toBe('~-_.%21%27%28%29');
    expect(percentEncode('/=&+:')).toBe('%2F%3D%26%2B%3A');
    expect(percentEncode('派')).toBe('%E6%B4%BE');
  });

  it('reproduces the SendSms example of the documentation', () => {
    expect(stringToSign('GET', SEND_SMS_EXAMPLE)).toBe(
      'GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25',
    );
    expect(aliyunSignature('GET', SEND_SMS_EXAMPLE, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('reproduces the DescribeRegions example of the RPC signature documentation', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(aliyunSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('leaves Signature out, sorts by name and signs the method', () => {
    const withSignature = { ...SEND_SMS_EXAMPLE, Signature: 'whatever' };
    expect(canonicalizedQuery(withSignature)).toBe(canonicalizedQuery(SEND_SMS_EXAMPLE));
    expect(canonicalizedQuery({ b: '1', a: '2', B: '3' })).toBe('B=3&a=2&b=1');
    expect(aliyunSignature('POST', SEND_SMS_EXAMPLE, 'testSecret')).not.toBe(aliyunSignature('GET', SEND_SMS_EXAMPLE, 'testSecret'));
    expect(aliyunSignature('GET', SEND_SMS_EXAMPLE, 'otherSecret')).not.toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('writes timestamps in UTC without milliseconds', () => {
    expect(aliyunTimestamp(new Date('2026-12-05T22:31:06.123Z'))).toBe('2026-12-05T22:31:06Z');
  });
});
