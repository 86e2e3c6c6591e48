/**
 * Check-in QR codes: one per participating organization, pointing at the
 * organizer's check-in page of that organization
 * (/organizer/events/:eventId/checkin/:token). Scanning it with a phone opens the
 * page; only a signed-in organizer of the event's region gets past the guard,
 * so the token alone reveals nothing.
 */
import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** The URL a QR code points at. `origin` is the site's origin as seen by the request (scheme://host). */
export function checkinUrl(origin: string, eventId: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/organizer/events/${encodeURIComponent(eventId)}/checkin/${encodeURIComponent(token)}`;
}

/* ---------------------------------------------------------------- PNG */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * The QR code of `text` as a 1-bit greyscale PNG (error correction M, a quiet zone
 * of `margin` modules, `scale` pixels per module). The qrcode package makes the
 * module matrix; the image is written here because its own PNGs are RGBA, whose
 * alpha channel a PDF must decode and split again for every code (see the decision
 * record 016): a 1-bit image without alpha is embedded into the PDF as it is.
 */
export function qrPng(text: string, scale = 4, margin = 1): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const dark = qr.modules.data;
  const px = (n + 2 * margin) * scale;
  const rowBytes = Math.ceil(px / 8);
  const raw = Buffer.alloc((rowBytes + 1) * px, 0);
  for (let y = 0; y < px; y++) {
    const my = Math.floor(y / scale) - margin;
    const row = y * (rowBytes + 1); // first byte: filter type 0
    for (let x = 0; x < px; x++) {
      const mx = Math.floor(x / scale) - margin;
      const isDark = my >= 0 && my < n && mx >= 0 && mx < n && dark[my * n + mx] === 1;
      // greyscale 1 bit: 0 = black, 1 = white
      if (!isDark) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/* -------------------------------------------------------------- cache */

/** Small in-process cache: the same event's codes are drawn again on every export and page view. */
const CACHE_LIMIT = 2_000;
const cache = new Map<string, string>();

/** A PNG data URL of the QR code of `text` (4 pixels per module: sharp when printed at about 3 cm). */
export function qrPngDataUrl(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) {
    // refresh: the map keeps insertion order, the oldest entry is dropped first
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const url = `data:image/png;base64,${qrPng(text).toString('base64')}`;
  cache.set(text, url);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return url;
}
