/**
 * Renders roster exports on a worker thread so a long render never blocks other
 * requests (decision record 016).
 *
 * One worker, started on first use (or by `warmRosterWorker` when the roster page
 * is opened), serves the jobs one after another and exits after a few idle
 * minutes. The server runs from the Remix build, so the worker cannot be a file
 * next to the bundle: it starts as a small ES module that imports the TypeScript
 * source app/modules/events/roster-worker.ts through tsx (a runtime dependency,
 * the same loader `npm start` uses).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OrganizerRoster } from './roster.server';
import type { RosterJob, RosterJobKind, RosterJobResult } from './roster-worker';

const ENTRY = 'app/modules/events/roster-worker.ts';
const IDLE_MS = 5 * 60_000;
const JOB_TIMEOUT_MS = 120_000;

/** The worker's source file: from the working directory, else upwards from this module (or the bundle). */
export function workerEntryPath(): string {
  const candidates = [path.join(process.cwd(), ENTRY)];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, ENTRY));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`roster worker source not found (looked for ${ENTRY} from ${process.cwd()})`);
  return found;
}

interface Pending {
  job: RosterJob;
  resolve: (r: RosterJobResult) => void;
  reject: (e: Error) => void;
}

let worker: Worker | null = null;
let ready: Promise<Worker> | null = null;
let current: (Pending & { timer: NodeJS.Timeout }) | null = null;
const queue: Pending[] = [];
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;

function stopWorker(reason: Error) {
  const w = worker;
  worker = null;
  ready = null;
  if (current) {
    clearTimeout(current.timer);
    current.reject(reason);
    current = null;
  }
  if (w) void w.terminate();
}

function startWorker(): Promise<Worker> {
  if (ready !== null) return ready;
  const entry = pathToFileURL(workerEntryPath()).href;
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)})).catch((e) => { console.error(e); process.exit(1); })`;
  ready = new Promise<Worker>((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    worker = w;
    w.unref();
    const onFirst = (m: unknown) => {
      if (m === 'ready') {
        w.off('message', onFirst);
        w.on('message', (r: RosterJobResult) => finish(r));
        resolve(w);
      }
    };
    w.on('message', onFirst);
    w.on('error', (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      reject(err);
      if (worker === w) stopWorker(err);
      pump();
    });
    w.on('exit', (code) => {
      const err = new Error(`roster worker exited (${code})`);
      reject(err);
      if (worker === w) stopWorker(err);
      pump();
    });
  });
  return ready;
}

function finish(r: RosterJobResult) {
  if (!current || current.job.id !== r.id) return;
  clearTimeout(current.timer);
  current.resolve(r);
  current = null;
  pump();
}

function pump() {
  if (current) return;
  const next = queue.shift();
  if (!next) {
    if (worker && !idleTimer) {
      idleTimer = setTimeout(() => {
        idleTimer = null;
        if (!current && queue.length === 0) stopWorker(new Error('idle'));
      }, IDLE_MS);
      idleTimer.unref();
    }
    return;
  }
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  const timer = setTimeout(
    () => stopWorker(new Error(`roster ${next.job.kind} took longer than ${JOB_TIMEOUT_MS / 1000} s`)),
    JOB_TIMEOUT_MS,
  );
  timer.unref();
  current = { ...next, timer };
  startWorker().then(
    (w) => {
      if (current?.job.id === next.job.id) w.postMessage(next.job);
    },
    (err: Error) => {
      if (current?.job.id === next.job.id) {
        clearTimeout(timer);
        current = null;
        next.reject(err);
        pump();
      }
    },
  );
}

function submit(kind: RosterJobKind, roster: OrganizerRoster | null, locale: string, origin: string): Promise<RosterJobResult> {
  return new Promise((resolve, reject) => {
    queue.push({ job: { id: nextId++, kind, roster, locale, origin }, resolve, reject });
    pump();
  });
}

async function render(
  kind: 'pdf' | 'xlsx',
  roster: OrganizerRoster,
  locale: string,
  origin: string,
): Promise<{ bytes: Uint8Array; pages?: number }> {
  const r = await submit(kind, roster, locale, origin);
  if (!r.ok) throw new Error(`roster ${kind} failed in the worker: ${r.error}`);
  if (!r.bytes) throw new Error(`roster ${kind}: no bytes`);
  return { bytes: r.bytes, pages: r.pages };
}

export function renderRosterPdfOffThread(roster: OrganizerRoster, locale: string, origin: string) {
  return render('pdf', roster, locale, origin);
}

export function renderRosterXlsxOffThread(roster: OrganizerRoster, locale: string) {
  return render('xlsx', roster, locale, '');
}

/** Starts the worker and loads fonts ahead of a likely download (the roster page calls it); never throws. */
export function warmRosterWorker(): void {
  if (ready || queue.length || current) return;
  submit('warm', null, 'zh-CN', 'http://localhost').catch(() => {});
}
