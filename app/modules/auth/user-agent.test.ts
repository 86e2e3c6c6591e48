import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { describeUserAgent } from './user-agent';

const UA = {
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  edgeWin:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  wechatAndroid:
    'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  harmony:
    'Mozilla/5.0 (Phone; OpenHarmony 4.2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300',
};

describe('describeUserAgent', () => {
  it('names the common browsers and systems', () => {
    expect(describeUserAgent(UA.chromeWin)).toEqual({ browser: 'Chrome', os: 'Windows' });
    expect(describeUserAgent(UA.edgeWin)).toEqual({ browser: 'Edge', os: 'Windows' });
    expect(describeUserAgent(UA.safariMac)).toEqual({ browser: 'Safari', os: 'macOS' });
    expect(describeUserAgent(UA.safariIphone)).toEqual({ browser: 'Safari', os: 'iPhone' });
    expect(describeUserAgent(UA.wechatAndroid)).toEqual({ browser: 'ua.wechat', os: 'Android' });
    expect(describeUserAgent(UA.firefoxLinux)).toEqual({ browser: 'Firefox', os: 'Linux' });
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36'),
    ).toEqual({ browser: 'Chrome', os: 'Linux' });
    expect(describeUserAgent(UA.harmony)).toEqual({ browser: 'ua.huaweiBrowser', os: 'HarmonyOS' });
  });

  it('says nothing about what it does not recognise', () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null });
    expect(describeUserAgent('')).toEqual({ browser: null, os: null });
    expect(describeUserAgent('curl/8.5.0')).toEqual({ browser: null, os: null });
  });

  it('gives names that translate in both languages', () => {
    const zh = makeTranslator('zh-CN');
    const en = makeTranslator('en');
    expect(zh('sessions.deviceOn', { browser: zh('ua.wechat'), os: 'Android' })).toBe('Android 上的 微信');
    expect(en('sessions.deviceOn', { browser: en('ua.wechat'), os: 'Android' })).toBe('WeChat on Android');
    expect(zh('Chrome')).toBe('Chrome');
  });
});
