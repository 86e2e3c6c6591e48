/**
 * QR decoding in the browser (issue 16, decision record 036b): the phone camera
 * through getUserMedia, decoded with the BarcodeDetector API where the browser
 * has it for QR codes (Chrome on Android, Safari 17+ behind a flag …), else with
 * jsQR on canvas frames (loaded only when needed). A photo of a QR code can be
 * read the same way. Every decoded text goes to `onCode`; the same text again
 * within a few seconds is ignored, so one badge held in front of the camera is
 * submitted once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '~/i18n/use-t';
import { Alert, Button } from './ui';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** A decoder of images: the browser's own, or jsQR. */
export interface QrDecoder {
  name: 'BarcodeDetector' | 'jsQR';
  decode(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap, canvas: HTMLCanvasElement): Promise<string | null>;
}

const FRAME_MS = 200;
const REPEAT_MS = 4_000;
/** frames are scaled down to at most this many pixels on the long side before jsQR reads them */
const MAX_SIDE = 800;

function sizeOf(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap): { w: number; h: number } {
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) return { w: source.videoWidth, h: source.videoHeight };
  return { w: source.width, h: source.height };
}

/** The best decoder this browser has: BarcodeDetector for QR codes, else jsQR. */
export async function loadDecoder(): Promise<QrDecoder> {
  const BD = (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (BD) {
    try {
      const formats = await BD.getSupportedFormats();
      if (formats.includes('qr_code')) {
        const detector = new BD({ formats: ['qr_code'] });
        return {
          name: 'BarcodeDetector',
          async decode(source) {
            const found = await detector.detect(source);
            return found[0]?.rawValue ?? null;
          },
        };
      }
    } catch {
      /* fall back to jsQR */
    }
  }
  const { default: jsQR } = await import('jsqr');
  return {
    name: 'jsQR',
    async decode(source, canvas) {
      const { w, h } = sizeOf(source);
      if (!w || !h) return null;
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return null;
      ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
    },
  };
}

export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);
  const last = useRef<{ text: string; at: number } | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const [active, setActive] = useState(false);
  const [decoder, setDecoder] = useState<QrDecoder['name'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [cameraAvailable, setCameraAvailable] = useState(true);

  useEffect(() => {
    setCameraAvailable(typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia);
  }, []);

  const emit = useCallback((text: string) => {
    const now = Date.now();
    if (last.current && last.current.text === text && now - last.current.at < REPEAT_MS) return;
    last.current = { text, at: now };
    onCodeRef.current(text);
  }, []);

  const stop = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setActive(false);
  }, []);

  useEffect(() => stop, [stop]);

  async function start() {
    setProblem(null);
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      stream.current = media;
      const v = video.current;
      if (!v || !canvas.current) return;
      v.srcObject = media;
      await v.play();
      const dec = await loadDecoder();
      setDecoder(dec.name);
      setActive(true);
      const tick = async () => {
        if (!stream.current) return;
        try {
          const text = await dec.decode(v, canvas.current!);
          if (text) emit(text);
        } catch {
          /* a frame that cannot be read: try the next one */
        }
        if (stream.current) timer.current = window.setTimeout(tick, FRAME_MS);
      };
      void tick();
    } catch (e) {
      stop();
      setProblem(t('checkin.scan.cameraError', { reason: e instanceof Error ? e.name : String(e) }));
    }
  }

  async function fromImage(file: File) {
    setProblem(null);
    try {
      const bitmap = await createImageBitmap(file);
      const dec = await loadDecoder();
      setDecoder(dec.name);
      const text = await dec.decode(bitmap, canvas.current!);
      bitmap.close();
      if (text) {
        last.current = null;
        emit(text);
      } else setProblem(t('checkin.scan.image.none'));
    } catch {
      setProblem(t('checkin.scan.image.none'));
    }
  }

  return (
    <div data-testid="qr-scanner">
      {cameraAvailable ? (
        <div className="mb-3 flex flex-wrap gap-2">
          {active ? (
            <Button type="button" variant="secondary" onClick={stop}>
              {t('checkin.scan.stop')}
            </Button>
          ) : (
            <Button type="button" onClick={() => void start()}>
              {t('checkin.scan.start')}
            </Button>
          )}
        </div>
      ) : (
        <p className="mb-3 text-sm text-slate-700">{t('checkin.scan.noCamera')}</p>
      )}
      {problem ? <Alert tone="warning">{problem}</Alert> : null}
      <video
        ref={video}
        muted
        playsInline
        aria-label={t('checkin.scan.video')}
        className={active ? 'mb-3 aspect-square w-full max-w-sm rounded-md bg-black object-cover' : 'hidden'}
      />
      <canvas ref={canvas} className="hidden" />
      <label className="block text-sm font-medium text-slate-800">
        {t('checkin.scan.image.label')}
        <input
          type="file"
          accept="image/*"
          data-testid="qr-image"
          className="mt-1 block w-full max-w-full text-sm text-slate-700"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void fromImage(file);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {decoder ? (
        <p className="mt-2 text-xs text-slate-600" data-testid="qr-decoder">
          {t('checkin.scan.decoder', { name: decoder })}
        </p>
      ) : null}
    </div>
  );
}
