import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  clientIp,
  compileTrustProxy,
  requestHostname,
  requestPath,
  requestProtocol,
  trustedForwardedHost,
  withCharset,
} from './http-basics';

/** A request as Node's server makes it: headers, a URL and the socket's remote address. */
function request(headers: Record<string, string>, remoteAddress = '127.0.0.1', url = '/'): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  const req = new IncomingMessage(socket);
  req.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  req.url = url;
  return req;
}

describe('compileTrustProxy', () => {
  it('trusts no proxy when unset, empty or false', () => {
    for (const v of [undefined, '', ' ', 'false']) expect(compileTrustProxy(v)('127.0.0.1', 0)).toBe(false);
  });

  it('reads a whole number as hops, true as every proxy, and names or subnets as addresses', () => {
    const oneHop = compileTrustProxy('1');
    expect([oneHop('10.0.0.1', 0), oneHop('10.0.0.1', 1)]).toEqual([true, false]);
    expect(compileTrustProxy('true')('203.0.113.9', 5)).toBe(true);
    const loopback = compileTrustProxy('loopback');
    expect([loopback('127.0.0.1', 0), loopback('::1', 0), loopback('10.0.0.1', 0)]).toEqual([true, true, false]);
    const list = compileTrustProxy('10.0.0.0/8, 192.168.1.5');
    expect([list('10.2.3.4', 0), list('192.168.1.5', 0), list('192.168.1.6', 0)]).toEqual([true, true, false]);
  });

  it('refuses a setting that is no address', () => {
    expect(() => compileTrustProxy('not-an-address')).toThrow();
  });
});

describe('the client as a trusted proxy reports it', () => {
  const forwarded = {
    Host: 'app.internal:3000',
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Host': 'finmatch.example.cn',
    'X-Forwarded-Proto': 'https',
  };

  it('takes the address, host and protocol from a trusted proxy', () => {
    const trust = compileTrustProxy('loopback');
    const req = request(forwarded);
    expect(clientIp(req, trust)).toBe('203.0.113.7');
    expect(requestHostname(req, trust)).toBe('finmatch.example.cn');
    expect(requestProtocol(req, trust)).toBe('https');
  });

  it('ignores the X-Forwarded headers from a client it does not trust', () => {
    const req = request(forwarded, '198.51.100.20');
    for (const trust of [compileTrustProxy(undefined), compileTrustProxy('loopback')]) {
      expect(clientIp(req, trust)).toBe('198.51.100.20');
      expect(requestHostname(req, trust)).toBe('app.internal');
      expect(requestProtocol(req, trust)).toBe('http');
    }
  });

  it('takes X-Forwarded-Host (for the Origin check) only from a trusted peer', () => {
    expect(trustedForwardedHost(request(forwarded), compileTrustProxy('loopback'))).toBe('finmatch.example.cn');
    expect(trustedForwardedHost(request(forwarded, '198.51.100.20'), compileTrustProxy('loopback'))).toBeUndefined();
    expect(trustedForwardedHost(request(forwarded), compileTrustProxy(undefined))).toBeUndefined();
    expect(trustedForwardedHost(request({ Host: 'x' }), compileTrustProxy('loopback'))).toBeUndefined();
  });

  it('keeps an IPv6 literal host whole and takes the first of several forwarded hosts', () => {
    const none = compileTrustProxy(undefined);
    expect(requestHostname(request({ Host: '[::1]:3000' }), none)).toBe('[::1]');
    expect(requestHostname(request({ Host: 'localhost' }), none)).toBe('localhost');
    expect(requestHostname(request({}), none)).toBeUndefined();
    const trust = compileTrustProxy('loopback');
    expect(requestHostname(request({ Host: 'x', 'X-Forwarded-Host': 'a.example.cn:8443, b.example.cn' }), trust)).toBe('a.example.cn');
    expect(requestProtocol(request({ 'X-Forwarded-Proto': 'https, http' }), trust)).toBe('https');
  });
});

describe('requestPath and withCharset', () => {
  it('cuts the query off the path', () => {
    expect(requestPath(request({}, '127.0.0.1', '/needs?page=2&q=a?b'))).toBe('/needs');
    expect(requestPath(request({}, '127.0.0.1', '/build/x.js'))).toBe('/build/x.js');
  });

  it('adds charset=utf-8 to text and JSON types without one, and nothing else', () => {
    expect(withCharset('text/csv')).toBe('text/csv; charset=utf-8');
    expect(withCharset('application/json')).toBe('application/json; charset=utf-8');
    expect(withCharset('text/html; charset=gbk')).toBe('text/html; charset=gbk');
    expect(withCharset('application/pdf')).toBe('application/pdf');
    expect(withCharset('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });
});
