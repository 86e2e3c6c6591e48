/**
 * Reads and checks uploads on a worker thread (import-worker.ts), so that a large
 * file never holds up other requests (issue 13, point 7; decision record 031a).
 *
 * One worker (~/utils/worker-queue.server), started on first use, serves the jobs
 * one after another and exits after a few idle minutes. The valid
 * rows come back in slices of ROWS_PER_MESSAGE, each decoded as its own event, so
 * the main thread stays responsive while they arrive.
 */
import { WorkerQueue } from '~/utils/worker-queue.server';
import type { CheckedSection, ImportWorkerAck, ImportWorkerJob, ImportWorkerMessage } from './import-worker';
import type { FileProblem, ImportActor, RowError, ValidRow } from './types';

export interface CheckedUpload {
  format: 'xlsx' | 'csv' | null;
  fileErrors: FileProblem[];
  /** the file packed for storing, when asked for */
  packed?: string;
  sections: (CheckedSection & { valid: ValidRow<unknown>[]; errors: RowError[] })[];
}

interface Job {
  job: ImportWorkerJob;
  rows: Map<number, ValidRow<unknown>[][]>;
  errors: Map<number, RowError[][]>;
  resolve: (r: CheckedUpload) => void;
  reject: (e: Error) => void;
}

function push<T>(map: Map<number, T[][]>, section: number, items: T[]) {
  const list = map.get(section);
  if (list) list.push(items);
  else map.set(section, [items]);
}

function receive(m: ImportWorkerMessage, queue: WorkerQueue<Job, ImportWorkerMessage>) {
  const job = queue.active;
  if (!job || job.job.id !== m.id) return;
  if (m.type === 'rows' || m.type === 'errors') {
    if (m.type === 'rows') push(job.rows, m.section, m.rows);
    else push(job.errors, m.section, m.errors);
    // the next slice after a turn of the event loop: other requests come first
    const id = m.id;
    setImmediate(() => {
      if (queue.active?.job.id === id) queue.post({ next: id } satisfies ImportWorkerAck);
    });
    return;
  }
  if (m.type === 'failed') job.reject(new Error(`import check failed in the worker: ${m.error}`));
  else {
    job.resolve({
      format: m.format,
      fileErrors: m.fileErrors,
      packed: m.packed,
      sections: m.sections.map((s, i) => ({ ...s, valid: (job.rows.get(i) ?? []).flat(), errors: (job.errors.get(i) ?? []).flat() })),
    });
  }
  queue.done();
}

const importQueue = new WorkerQueue<Job, ImportWorkerMessage>({
  entry: 'app/modules/imports/import-worker.ts',
  name: 'import worker',
  idleMs: 5 * 60_000,
  /** A 20 MB file takes seconds; this only catches a worker that hangs. */
  jobTimeoutMs: 180_000,
  timeoutMessage: () => 'import check took longer than 180 s',
  send: (worker, next) => {
    // a large file's buffer moves to the worker without a copy (15 MB took 50–150 ms to
    // clone); the caller gave it up. A small one may sit in Node's shared pool: copied.
    const bytes = next.job.upload.bytes;
    const own = bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength > 64 * 1024;
    worker.postMessage(next.job, own ? [bytes.buffer as ArrayBuffer] : []);
  },
  receive,
});

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
    importQueue.enqueue({
      job: { id: importQueue.nextId(), upload, actor, today, pack: opts.pack },
      rows: new Map(),
      errors: new Map(),
      resolve,
      reject,
    });
  });
}

/** Starts the worker ahead of a likely upload (the import page calls it); never throws. */
export function warmImportWorker(): void {
  importQueue.warm();
}
