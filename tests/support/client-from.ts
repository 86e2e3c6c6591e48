/**
 * An HttpClient that presents itself as one device: its own client IP (through
 * X-Forwarded-For; start the server with TRUST_PROXY=loopback) and User-Agent.
 */
import { HttpClient } from './http-client';

export class DeviceClient extends HttpClient {
  constructor(
    baseUrl: string,
    readonly ip: string,
    readonly userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  ) {
    super(baseUrl);
  }

  override request(method: string, path: string, init: Parameters<HttpClient['request']>[2] = {}): Promise<Response> {
    return super.request(method, path, { ...init, headers: { 'X-Forwarded-For': this.ip, 'User-Agent': this.userAgent, ...init.headers } });
  }
}

export const USER_AGENTS = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  wechatAndroid:
    'Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560 NetType/WIFI Language/zh_CN',
} as const;
