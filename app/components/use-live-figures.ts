/**
 * The live signing figures of a session, kept fresh in the browser: polls the
 * session's live.json every `pollMs` while the tab is visible and keeps the last
 * figures when a poll fails (`offline`). Used by the live page and the projector
 * screen; without JavaScript both show the figures of the moment they loaded.
 */
import { useEffect, useState } from 'react';
import type { LivePayload } from '~/modules/reports/live.server';

function isPayload(v: unknown): v is LivePayload {
  return !!v && typeof v === 'object' && typeof (v as LivePayload).total === 'number' && Array.isArray((v as LivePayload).latest);
}

export function useLiveFigures(eventId: string, initial: LivePayload, pollMs: number): { live: LivePayload; offline: boolean } {
  const [live, setLive] = useState(initial);
  const [offline, setOffline] = useState(false);
  useEffect(() => setLive(initial), [initial]);
  useEffect(() => {
    let stopped = false;
    let busy = false;
    const poll = async () => {
      if (busy || document.visibilityState !== 'visible') return;
      busy = true;
      try {
        const res = await fetch(`/organizer/events/${encodeURIComponent(eventId)}/live.json`, {
          headers: { Accept: 'application/json' },
          cache: 'no-store',
        });
        const data: unknown = res.ok ? await res.json() : null;
        if (stopped) return;
        if (isPayload(data)) {
          setLive(data);
          setOffline(false);
        } else setOffline(true);
      } catch {
        if (!stopped) setOffline(true);
      } finally {
        busy = false;
      }
    };
    const timer = window.setInterval(poll, pollMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [eventId, pollMs]);
  return { live, offline };
}
