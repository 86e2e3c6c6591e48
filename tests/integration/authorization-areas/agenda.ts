/**
 * Authorization cases of the participant's agenda (issue 16): the page, its PDF and
 * its .ics belong to members of attending organizations, each seeing its own; the
 * files answer 409 until the organizer publishes the schedule. Publishing itself is a
 * POST on the organizer's schedule page. Merged into AUTHORIZATION_TABLE (see the
 * how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import { ORGANIZERS, SKIP, everyone, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const ATTENDING = ['enterprise', 'bank'] as const;
const open = (fx: Fixtures) => ({ eventId: fx.events.open.id });
const openRegistration = (fx: Fixtures) => ({ eventId: fx.events.openRegistration.id });
const otherRegion = (fx: Fixtures) => ({ eventId: fx.events.otherRegion.id });
const draft = (fx: Fixtures) => ({ eventId: fx.events.draft.id });

/** `ok`: what an attending member gets (the page: 200; a file before publishing: 409). */
const agendaCases = (ok: 200 | 409): Case[] => [
  { label: 'session the actors’ organizations attend', params: open, get: onlyActors([...ATTENDING], ok, { pendingEnterprise: 404 }) },
  {
    label: 'open registration, not registered',
    params: openRegistration,
    get: onlyActors([...ATTENDING], 403, { pendingEnterprise: 404 }),
  },
  { label: 'session in 410100', params: otherRegion, get: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }) },
  { label: 'draft session', params: draft, get: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }) },
  {
    label: 'no such session',
    params: () => ({ eventId: 'nosuchevent00000' }),
    get: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
  },
];

/**
 * A representative's personal link needs no account: the token is the key, so anyone
 * with an unknown or malformed one gets a 404 (a valid link is tested in ../agenda.test.ts).
 */
const personalCases = (): Case[] => [
  { label: 'unknown token', params: () => ({ token: 'AAAAAAAAAAAAAAAAAAAAAAAA' }), get: everyone(404) },
  { label: 'malformed token', params: () => ({ token: 'x' }), get: everyone(404) },
];

export const AGENDA_CASES: Record<string, Case[]> = {
  'events_.$eventId.agenda': agendaCases(200),
  'events_.$eventId.agenda[.]pdf': agendaCases(409),
  'events_.$eventId.agenda[.]ics': agendaCases(409),
  'agenda.$token': personalCases(),
  'agenda.$token_.agenda[.]pdf': personalCases(),
  'agenda.$token_.agenda[.]ics': personalCases(),
};

/** Publishing on the organizer's schedule page (the route's own cases are in ./meetings.ts). */
export const PUBLISH_CASES: Case[] = [
  {
    label: 'publishing the schedule of a session in 410400 (another region’s organizer)',
    params: open,
    post: { body: () => ({ intent: 'publish' }), expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }) },
  },
  {
    label: 'publishing a draft session’s schedule',
    params: draft,
    post: { body: () => ({ intent: 'publish' }), expect: onlyActors(ORGANIZERS, 409, { otherOrganizer: 404 }) },
  },
];
