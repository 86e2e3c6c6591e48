/**
 * Authorization cases of the projector screen of a session (签约大屏, issue 16,
 * decision 036d). Merged into AUTHORIZATION_TABLE (see the how-to at the top of
 * ../authorization-table.ts). Like the live page it belongs to the organizers whose
 * region covers the session (another region's organizer: 404); everyone else is
 * sent to sign in or refused. The lead signatories and the waiting list are new
 * intents of routes already in the table (the session page, the invitations page,
 * the participant's session page), whose POST cases cover them.
 */
import { ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const projectorCases = (): Case[] => [
  {
    label: 'a session in 410400',
    params: (fx: Fixtures) => ({ eventId: fx.events.open.id }),
    get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
  },
  {
    label: 'a session in 410100',
    params: (fx: Fixtures) => ({ eventId: fx.events.otherRegion.id }),
    get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
  },
  { label: 'no such session', params: () => ({ eventId: 'nosuchevent00000' }), get: onlyActors(ORGANIZERS, 404) },
];

export const STAGE_CASES: Record<string, Case[]> = {
  'organizer.events_.$eventId.projector': projectorCases(),
};
