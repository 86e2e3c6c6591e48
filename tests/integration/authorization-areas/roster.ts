/**
 * Authorization cases of the roster routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 *
 * Exports and check-in belong to the organizer whose region covers the session
 * (another region's organizer: 404); the participants' roster page to members of
 * organizations that attend or were invited.
 */
import { ORGANIZERS, SKIP, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const open = (fx: Fixtures) => ({ eventId: fx.events.open.id });
const otherRegion = (fx: Fixtures) => ({ eventId: fx.events.otherRegion.id });
const noSuchEvent = () => ({ eventId: 'nosuchevent00000' });

/** Organizer-only GET pages and files of one session. */
const organizerOnly = (): Case[] => [
  { label: 'session in 410400', params: open, get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }) },
  { label: 'session in 410100', params: otherRegion, get: onlyActors(ORGANIZERS, 200, { organizer: 404 }) },
  { label: 'no such session', params: noSuchEvent, get: onlyActors(ORGANIZERS, 404) },
];

export const ROSTER_CASES: Record<string, Case[]> = {
  'organizer.events_.$eventId.roster': organizerOnly(),
  'organizer.events_.$eventId.roster[.]pdf': organizerOnly(),
  'organizer.events_.$eventId.roster[.]xlsx': organizerOnly(),
  'organizer.events_.$eventId.roster[.]csv': organizerOnly(),

  'organizer.events_.$eventId.checkin': [
    {
      label: 'session in 410400',
      params: open,
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'a real check-in on another region’s session',
      params: open,
      // the organizer of 410400 would really check in: skipped; the other region's organizer must get 404
      post: {
        body: (fx) => ({ intent: 'checkin', repId: fx.events.open.ownRepresentative }),
        expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }),
      },
    },
    {
      label: 'a representative of another session',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      post: { body: (fx) => ({ intent: 'checkin', repId: fx.events.open.ownRepresentative }), expect: onlyActors(ORGANIZERS, 404) },
    },
    { label: 'session in 410100', params: otherRegion, get: onlyActors(ORGANIZERS, 200, { organizer: 404 }) },
    { label: 'no such session', params: noSuchEvent, get: onlyActors(ORGANIZERS, 404) },
  ],

  // the check-in QR code image of the roster page (decision 039g)
  'organizer.events_.$eventId.checkin_.$token_.qr[.]png': [
    {
      label: 'attending organization of a session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.enterprise] }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
    },
    {
      label: 'invited organization that has not accepted',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.otherEnterprise] }),
      get: onlyActors(ORGANIZERS, 404),
    },
    {
      label: 'a token of another session',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.otherRegion.tokens[fx.orgs.otherRegionEnterprise] }),
      get: onlyActors(ORGANIZERS, 404),
    },
  ],

  'organizer.events_.$eventId.checkin_.$token': [
    {
      label: 'attending organization of a session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.enterprise] }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'a real “all arrived” on another region’s session',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.enterprise] }),
      post: { body: () => ({ intent: 'all' }), expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }) },
    },
    {
      label: 'invited organization that has not accepted',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.otherEnterprise] }),
      get: onlyActors(ORGANIZERS, 404),
      post: { body: () => ({ intent: 'all' }), expect: onlyActors(ORGANIZERS, 404) },
    },
    {
      label: 'a token of another session',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.otherRegion.tokens[fx.orgs.otherRegionEnterprise] }),
      get: onlyActors(ORGANIZERS, 404),
      post: { body: () => ({ intent: 'all' }), expect: onlyActors(ORGANIZERS, 404) },
    },
    {
      label: 'a representative of another organization of the session',
      params: (fx) => ({ eventId: fx.events.open.id, token: fx.events.open.tokens[fx.orgs.enterprise] }),
      post: { body: (fx) => ({ intent: 'checkin', repId: fx.events.open.otherRepresentative }), expect: onlyActors(ORGANIZERS, 404) },
    },
    {
      label: 'attending organization of a session in 410100',
      params: (fx) => ({ eventId: fx.events.otherRegion.id, token: fx.events.otherRegion.tokens[fx.orgs.otherRegionEnterprise] }),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
    },
  ],

  'events_.$eventId.roster': [
    {
      label: 'session the actors’ organizations attend',
      params: open,
      // the pending enterprise is neither invited nor allowed to register: the session does not exist for it
      get: onlyActors(['enterprise', 'bank'], 200, { pendingEnterprise: 404 }),
    },
    {
      label: 'open registration, not registered',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      get: onlyActors(['enterprise', 'bank'], 403, { pendingEnterprise: 404 }),
    },
    {
      label: 'session they are not invited to',
      params: (fx) => ({ eventId: fx.events.notInvited.id }),
      get: onlyActors(['enterprise', 'bank', 'pendingEnterprise'], 404),
    },
    {
      label: 'draft session',
      params: (fx) => ({ eventId: fx.events.draft.id }),
      get: onlyActors(['enterprise', 'bank', 'pendingEnterprise'], 404),
    },
    { label: 'session in 410100', params: otherRegion, get: onlyActors(['enterprise', 'bank', 'pendingEnterprise'], 404) },
  ],
};
