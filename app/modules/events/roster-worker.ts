/**
 * Worker thread that renders the roster PDF and XLSX off the server's event loop
 * (started by roster-worker.server.ts; decision record 016). It answers "ready"
 * once its modules are loaded, then one message per job:
 *   in:  { id, kind: 'pdf' | 'xlsx' | 'warm', roster, locale, origin }
 *   out: { id, ok: true, bytes, pages? } | { id, ok: false, error }
 * The bytes' buffer is transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { isLocale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { renderRosterPdf } from './roster-pdf';
import type { OrganizerRoster } from './roster.server';
import { renderRosterXlsx } from './roster-xlsx';

export type RosterJobKind = 'pdf' | 'xlsx' | 'warm';

export interface RosterJob {
  id: number;
  kind: RosterJobKind;
  roster: OrganizerRoster | null;
  locale: string;
  origin: string;
}

export type RosterJobResult = { id: number; ok: true; bytes: Uint8Array | null; pages?: number } | { id: number; ok: false; error: string };

/** A tiny roster that loads the fonts and warms the renderer's code paths. */
function warmupRoster(): OrganizerRoster {
  const event = {
    id: 'warmup',
    title: '预热',
    theme: '预热',
    eventDate: '2026-01-01',
    startTime: '09:00',
    venue: '—',
    status: 'open' as const,
    slotCount: 1,
    slotMinutes: 20,
    tableCount: 1,
    firstSlotTime: '10:00',
  };
  const zero = { organizations: 0, representatives: 0, checkedIn: 0 };
  return {
    event,
    organizations: [],
    counts: { bank: zero, enterprise: zero, government: zero, total: zero },
    agenda: [],
    meetings: [],
    generatedAt: new Date().toISOString(),
  };
}

async function run(job: RosterJob): Promise<RosterJobResult> {
  const locale = isLocale(job.locale) ? job.locale : 'zh-CN';
  const t = makeTranslator(locale);
  if (job.kind === 'warm') {
    await renderRosterPdf(warmupRoster(), { t, origin: job.origin });
    return { id: job.id, ok: true, bytes: null };
  }
  if (!job.roster) throw new Error('no roster');
  if (job.kind === 'pdf') {
    const { bytes, pages } = await renderRosterPdf(job.roster, { t, origin: job.origin, locale });
    return { id: job.id, ok: true, bytes, pages };
  }
  return { id: job.id, ok: true, bytes: await renderRosterXlsx(job.roster, t) };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: RosterJob) => {
    run(job).then(
      (result) => {
        if (!result.ok || !result.bytes) return port.postMessage(result);
        // transfer only a buffer of its own (a small Node Buffer may share a pooled one)
        const b = result.bytes;
        const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
        port.postMessage({ ...result, bytes: own }, [own.buffer as ArrayBuffer]);
      },
      (err: unknown) =>
        port.postMessage({
          id: job.id,
          ok: false,
          error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
        } satisfies RosterJobResult),
    );
  });
  port.postMessage('ready');
}
