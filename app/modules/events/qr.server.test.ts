import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { checkinUrl, qrPng, qrPngDataUrl } from './qr.server';

/** Reads a 1-bit greyscale PNG back: size, and whether pixel (x, y) is black. */
function readPng(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  const chunks: Record<string, Buffer[]> = {};
  while (offset < png.length) {
    const len = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    (chunks[type] ??= []).push(png.subarray(offset + 8, offset + 8 + len));
    offset += 12 + len;
  }
  const ihdr = chunks.IHDR[0];
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect(ihdr[8]).toBe(1); // bit depth
  expect(ihdr[9]).toBe(0); // greyscale, no alpha: a PDF embeds it without decoding
  expect(chunks.IEND).toHaveLength(1);
  const raw = inflateSync(Buffer.concat(chunks.IDAT));
  const rowBytes = Math.ceil(width / 8);
  expect(raw.length).toBe((rowBytes + 1) * height);
  return {
    width,
    height,
    black: (x: number, y: number) => {
      expect(raw[y * (rowBytes + 1)]).toBe(0); // filter: none
      return (raw[y * (rowBytes + 1) + 1 + (x >> 3)] & (0x80 >> (x & 7))) === 0;
    },
  };
}

describe('check-in QR codes', () => {
  it('point at the organization’s check-in page of the event', () => {
    expect(checkinUrl('https://finmatch.example.cn/', 'evt1', 'tok/+1')).toBe(
      'https://finmatch.example.cn/organizer/events/evt1/checkin/tok%2F%2B1',
    );
  });

  it('draw exactly the qrcode package’s modules, 4 pixels each, with a quiet zone', () => {
    const text = checkinUrl('http://127.0.0.1:3000', 'abcdefghijklmnop', 'Zx9_tokentokentoken');
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const png = readPng(qrPng(text, 4, 1));
    const n = modules.size;
    expect(png.width).toBe((n + 2) * 4);
    expect(png.height).toBe(png.width);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const mx = Math.floor(x / 4) - 1;
        const my = Math.floor(y / 4) - 1;
        const dark = mx >= 0 && my >= 0 && mx < n && my < n && modules.get(my, mx) === 1;
        if (png.black(x, y) !== dark) throw new Error(`pixel ${x},${y}`);
      }
    }
  });

  it('carry valid chunk checksums', () => {
    const png = qrPng('hello');
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (b: Buffer) => {
      let c = 0xffffffff;
      for (const byte of b) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    let offset = 8;
    let chunks = 0;
    while (offset < png.length) {
      const len = png.readUInt32BE(offset);
      expect(png.readUInt32BE(offset + 8 + len)).toBe(crc(png.subarray(offset + 4, offset + 8 + len)));
      offset += 12 + len;
      chunks++;
    }
    expect(chunks).toBe(3);
  });

  it('come as data URLs, the same text giving the same image', () => {
    const a = qrPngDataUrl('https://x.example/a');
    expect(a.startsWith('data:image/png;base64,')).toBe(true);
    expect(qrPngDataUrl('https://x.example/a')).toBe(a);
    expect(qrPngDataUrl('https://x.example/b')).not.toBe(a);
    expect(Buffer.from(a.split(',')[1], 'base64').equals(qrPng('https://x.example/a'))).toBe(true);
  });
});
