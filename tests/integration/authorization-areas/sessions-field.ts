/**
 * Authorization cases of the routes of sessions as they are really run (issue 16):
 * desk signs, the projector screen. Merged into AUTHORIZATION_TABLE (see the how-to
 * at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 * They belong to the organizer whose region covers the session (another region's
 * organizer: 404).
 */
import { ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const open = (fx: Fixtures) => ({ eventId: fx.events.open.id });
const otherRegion = (fx: Fixtures) => ({ eventId: fx.events.otherRegion.id });
const noSuchEvent = () => ({ eventId: 'nosuchevent00000' });

const organizerOnly = (): Case[] => [
  { label: 'session in 410400', params: open, get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }) },
  { label: 'session in 410100', params: otherRegion, get: onlyActors(ORGANIZERS, 200, { organizer: 404 }) },
  { label: 'no such session', params: noSuchEvent, get: onlyActors(ORGANIZERS, 404) },
];

export const SESSIONS_FIELD_CASES: Record<string, Case[]> = {
  'organizer.events_.$eventId.desks[.]pdf': organizerOnly(),
};
