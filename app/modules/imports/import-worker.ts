/**
 * Worker thread that reads and checks an upload (steps 1–3 of an import: the file,
 * its sheets and header, every row's own rules) off the server's event loop —
 * a 15 MB CSV takes seconds of CPU there (decision record 031a). Started by
 * import-worker.server.ts, as the roster worker is. It answers "ready" once its
 * modules are loaded, then per job:
 *   in:  { id, upload: { kind, fileName, bytes }, actor, today }, then { next: id }
 *        for each further message
 *   out: { id, type: 'rows' | 'errors', section, rows | errors } — the valid rows and
 *        the row errors, a slice at a time, so the main thread never decodes one
 *        huge message in one go;
 *        { id, type: 'done', format, fileErrors, sections } — the rest;
 *        { id, type: 'failed', error }.
 */
import { parentPort } from 'node:worker_threads';
import { checkUploadInWorker, type Upload } from './import.server';
import type { FileProblem, ImportActor, RowError, RowKind, ValidRow } from './types';

/** Valid rows per message: small enough to decode within a few milliseconds (2,000 took 20–50 ms). */
export const ROWS_PER_MESSAGE = 500;

export interface ImportWorkerJob {
  id: number;
  upload: Upload;
  actor: ImportActor;
  today: string;
  /** pack the file for storing (the dry run stores a file that may pass) */
  pack?: boolean;
}

/** The main thread asks for the next message of job `next`. */
export interface ImportWorkerAck {
  next: number;
}

export interface CheckedSection {
  kind: RowKind;
  label: string | null;
  sheetName: string;
  rowCount: number;
}

export type ImportWorkerMessage =
  | { id: number; type: 'rows'; section: number; rows: ValidRow<unknown>[] }
  | { id: number; type: 'errors'; section: number; errors: RowError[] }
  | {
      id: number;
      type: 'done';
      format: 'xlsx' | 'csv' | null;
      fileErrors: FileProblem[];
      sections: CheckedSection[];
      /** the file packed for storing, when asked */
      packed?: string;
    }
  | { id: number; type: 'failed'; error: string };

/** The messages of a job, sent one at a time: the next when the main thread asks for it. */
async function run(job: ImportWorkerJob): Promise<ImportWorkerMessage[]> {
  const { book, sections, fileErrors, packed } = await checkUploadInWorker(job.upload, job.actor, job.today, job.pack ?? false);
  const out: ImportWorkerMessage[] = [];
  const post = (m: ImportWorkerMessage) => out.push(m);
  sections.forEach((s, i) => {
    for (let at = 0; at < s.valid.length; at += ROWS_PER_MESSAGE)
      post({ id: job.id, type: 'rows', section: i, rows: s.valid.slice(at, at + ROWS_PER_MESSAGE) });
    for (let at = 0; at < s.errors.length; at += ROWS_PER_MESSAGE)
      post({ id: job.id, type: 'errors', section: i, errors: s.errors.slice(at, at + ROWS_PER_MESSAGE) });
  });
  post({
    id: job.id,
    type: 'done',
    format: book?.format ?? null,
    fileErrors,
    sections: sections.map((s) => ({ kind: s.handler.kind, label: s.label, sheetName: s.sheet.name, rowCount: s.rowCount })),
    packed,
  });
  return out;
}

if (parentPort) {
  const port = parentPort;
  // Messages posted all at once would be decoded by the main thread in one go (a
  // port drains its queue in one turn): one slice at a time, each after the main
  // thread asked for the next.
  let pending: ImportWorkerMessage[] = [];
  port.on('message', (m: ImportWorkerJob | ImportWorkerAck) => {
    if ('next' in m) {
      const next = pending.shift();
      if (next && next.id === m.next) port.postMessage(next);
      return;
    }
    run(m).then(
      (messages) => {
        pending = messages;
        port.postMessage(pending.shift()!);
      },
      (err: unknown) =>
        port.postMessage({
          id: m.id,
          type: 'failed',
          error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
        } satisfies ImportWorkerMessage),
    );
  });
  port.postMessage('ready');
}
