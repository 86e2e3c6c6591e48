/**
 * A plain-words description of a browser's User-Agent for the "signed-in devices"
 * page ("Windows 上的 Chrome"). Deliberately small: the common desktop and mobile
 * browsers and the in-app browsers people use in China; anything else is
 * "unknown". Returned names are either product names or i18n keys (`ua.*`),
 * both of which pass through the translator.
 */

export interface DeviceDescription {
  /** product name or i18n key; null when not recognised */
  browser: string | null;
  /** operating system / device name or i18n key; null when not recognised */
  os: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//i, 'ua.wechat'],
  [/DingTalk\//i, 'ua.dingtalk'],
  [/AlipayClient\//i, 'ua.alipay'],
  [/\bQQ\/\d/i, 'QQ'],
  [/QQBrowser\//i, 'ua.qqBrowser'],
  [/UCBrowser\//i, 'ua.ucBrowser'],
  [/\b(360SE|360EE|QIHU 360)/i, 'ua.360Browser'],
  [/(SE 2\.X MetaSr|Sogou)/i, 'ua.sogouBrowser'],
  [/HuaweiBrowser\//i, 'ua.huaweiBrowser'],
  [/MiuiBrowser\//i, 'ua.xiaomiBrowser'],
  [/SamsungBrowser\//i, 'Samsung Internet'],
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/(\bChrome|CriOS|Chromium|HeadlessChrome)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
  [/\b(MSIE |Trident\/)/, 'Internet Explorer'],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/i, 'HarmonyOS'],
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows Phone/, 'Windows Phone'],
  [/Windows NT/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  const ua = (userAgent ?? '').slice(0, 500);
  if (!ua.trim()) return { browser: null, os: null };
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null;
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  return { browser, os };
}
