/**
 * Reads and checks uploads on a worker thread (import-worker.ts), so that a large
 * file never holds up other requests (issue 13, point 7; decision record 031a).
 *
 * One worker, started on first use, serves the jobs one after another and exits
 * after a few idle minutes; it starts the way the roster worker does (an ES module
 * that imports the TypeScript source through tsx, a runtime dependency). The valid
 * rows come back in slices of ROWS_PER_MESSAGE, each decoded as its own event, so
 * the main thread stays responsive while they arrive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckedSection, ImportWorkerAck, ImportWorkerJob, ImportWorkerMessage } from './import-worker';
import type { FileProblem, ImportActor, RowError, ValidRow } from './types';

const ENTRY = 'app/modules/imports/import-worker.ts';
const IDLE_MS = 5 * 60_000;
/** A 20 MB file takes seconds; this only catches a worker that hangs. */
const JOB_TIMEOUT_MS = 180_000;

export interface CheckedUpload {
  format: 'xlsx' | 'csv' | null;
  fileErrors: FileProblem[];
  /** the file packed for storing, when asked for */
  packed?: string;
  sections: (CheckedSection & { valid: ValidRow<unknown>[]; errors: RowError[] })[];
}

function entryPath(): string {
  const candidates = [path.join(process.cwd(), ENTRY)];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, ENTRY));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`import worker source not found (looked for ${ENTRY} from ${process.cwd()})`);
  return found;
}

interface Job {
  job: ImportWorkerJob;
  rows: Map<number, ValidRow<unknown>[][]>;
  errors: Map<number, RowError[][]>;
  resolve: (r: CheckedUpload) => void;
  reject: (e: Error) => void;
}

let worker: Worker | null = null;
let ready: Promise<Worker> | null = null;
let current: (Job & { timer: NodeJS.Timeout }) | null = null;
const queue: Job[] = [];
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
  const entry = pathToFileURL(entryPath()).href;
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)})).catch((e) => { console.error(e); process.exit(1); })`;
  ready = new Promise<Worker>((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    worker = w;
    w.unref();
    const onFirst = (m: unknown) => {
      if (m === 'ready') {
        w.off('message', onFirst);
        w.on('message', (m: ImportWorkerMessage) => receive(m));
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
      const err = new Error(`import worker exited (${code})`);
      reject(err);
      if (worker === w) stopWorker(err);
      pump();
    });
  });
  return ready;
}

function push<T>(map: Map<number, T[][]>, section: number, items: T[]) {
  const list = map.get(section);
  if (list) list.push(items);
  else map.set(section, [items]);
}

function receive(m: ImportWorkerMessage) {
  if (!current || current.job.id !== m.id) return;
  if (m.type === 'rows' || m.type === 'errors') {
    if (m.type === 'rows') push(current.rows, m.section, m.rows);
    else push(current.errors, m.section, m.errors);
    // the next slice after a turn of the event loop: other requests come first
    const id = m.id;
    setImmediate(() => {
      if (current?.job.id === id) worker?.postMessage({ next: id } satisfies ImportWorkerAck);
    });
    return;
  }
  const job = current;
  clearTimeout(job.timer);
  current = null;
  if (m.type === 'failed') job.reject(new Error(`import check failed in the worker: ${m.error}`));
  else {
    job.resolve({
      format: m.format,
      fileErrors: m.fileErrors,
      packed: m.packed,
      sections: m.sections.map((s, i) => ({ ...s, valid: (job.rows.get(i) ?? []).flat(), errors: (job.errors.get(i) ?? []).flat() })),
    });
  }
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
  const timer = setTimeout(() => stopWorker(new Error(`import check took longer than ${JOB_TIMEOUT_MS / 1000} s`)), JOB_TIMEOUT_MS);
  timer.unref();
  current = { ...next, timer };
  startWorker().then(
    (w) => {
      if (current?.job.id !== next.job.id) return;
      // a large file's buffer moves to the worker without a copy (15 MB took 50–150 ms to
      // clone); the caller gave it up. A small one may sit in Node's shared pool: copied.
      const bytes = next.job.upload.bytes;
      const own = bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength > 64 * 1024;
      w.postMessage(next.job, own ? [bytes.buffer as ArrayBuffer] : []);
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

/**
 * Steps 1–3 of an import (read, sheets and header, row checks) on the worker thread.
 * A large `upload.bytes` is handed over (transferred): unusable by the caller afterwards.
 */
export function checkUploadOffThread(
  upload: ImportWorkerJob['upload'],
  actor: ImportActor,
  today: string,
  opts: { pack?: boolean } = {},
): Promise<CheckedUpload> {
  return new Promise((resolve, reject) => {
    queue.push({ job: { id: nextId++, upload, actor, today, pack: opts.pack }, rows: new Map(), errors: new Map(), resolve, reject });
    pump();
  });
}

/** Starts the worker ahead of a likely upload (the import page calls it); never throws. */
export function warmImportWorker(): void {
  if (ready || current || queue.length) return;
  try {
    startWorker().then(
      () => pump(),
      () => {},
    );
  } catch {
    // the source file missing: the first upload reports it
  }
}
