/**
 * Renders roster exports on a worker thread so a long render never blocks other
 * requests (decision record 016).
 *
 * One worker (~/utils/worker-queue.server), started on first use or by
 * `warmRosterWorker` when the roster page is opened, serves the jobs one after
 * another and exits after a few idle minutes.
 */
import { WorkerQueue } from '~/utils/worker-queue.server';
import type { OrganizerRoster } from './roster.server';
import type { RosterJob, RosterJobKind, RosterJobResult } from './roster-worker';

interface Pending {
  job: RosterJob;
  resolve: (r: RosterJobResult) => void;
  reject: (e: Error) => void;
}

const rosterQueue = new WorkerQueue<Pending, RosterJobResult>({
  entry: 'app/modules/events/roster-worker.ts',
  name: 'roster worker',
  idleMs: 5 * 60_000,
  jobTimeoutMs: 120_000,
  timeoutMessage: (p) => `roster ${p.job.kind} took longer than 120 s`,
  send: (worker, p) => worker.postMessage(p.job),
  receive: (r, queue) => {
    const active = queue.active;
    if (!active || active.job.id !== r.id) return;
    active.resolve(r);
    queue.done();
  },
});

function submit(kind: RosterJobKind, roster: OrganizerRoster | null, locale: string, origin: string): Promise<RosterJobResult> {
  return new Promise((resolve, reject) => {
    rosterQueue.enqueue({ job: { id: rosterQueue.nextId(), kind, roster, locale, origin }, resolve, reject });
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
  if (rosterQueue.busy) return;
  submit('warm', null, 'zh-CN', 'http://localhost').catch(() => {});
}
