/**
 * Authorization cases of the meetings routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import { LOGIN, ORGANIZERS, SKIP, everyone, onlyActors } from '../authorization-helpers';
import type { Case } from '../authorization-table';
import { PUBLISH_CASES } from './agenda';

const ATTENDING = ['enterprise', 'bank'] as const;

export const MEETING_CASES: Record<string, Case[]> = {
  // the organizer's grid: organizers whose region covers the session; everyone else is refused
  'organizer.events_.$eventId.schedule': [
    {
      label: 'open session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'open session in 410400, a real run by the organizer of another region',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: { body: () => ({ intent: 'run' }), expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }) },
    },
    {
      label: 'open session in 410400, moving a meeting on a stale grid',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'move', requestId: fx.events.open.acceptedRequest, slot: '1', table: '1', stamp: 'stale-stamp' }),
        expect: onlyActors(ORGANIZERS, 409, { otherOrganizer: 404 }),
      },
    },
    {
      label: 'draft session in 410400',
      params: (fx) => ({ eventId: fx.events.draft.id }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
    },
    {
      label: 'session in 410100',
      params: (fx) => ({ eventId: fx.events.otherRegion.id }),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      post: { body: () => ({ intent: 'run' }), expect: onlyActors(ORGANIZERS, 404, { otherOrganizer: SKIP }) },
    },
    {
      label: 'no such session',
      params: () => ({ eventId: 'nosuchevent00000' }),
      get: onlyActors(ORGANIZERS, 404),
      post: { expect: onlyActors(ORGANIZERS, 404) },
    },
    ...PUBLISH_CASES,
  ],

  // the participant page: only attending enterprises and banks; a session they may not see is 404
  'events_.$eventId.meetings': [
    {
      label: 'open session the demo enterprise and bank attend',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors([...ATTENDING], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors([...ATTENDING], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'answering a request between two other organizations',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'accept', requestId: fx.events.open.strangersRequest }),
        expect: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
      },
    },
    {
      label: 'the bank withdrawing the enterprise’s request to another bank',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'withdraw', requestId: fx.events.open.pendingRequest }),
        expect: onlyActors([...ATTENDING], 404, { enterprise: SKIP, pendingEnterprise: 404 }),
      },
    },
    {
      label: 'open registration, nobody registered yet',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      get: onlyActors([...ATTENDING], 403, { pendingEnterprise: 404 }),
      post: { expect: onlyActors([...ATTENDING], 403, { pendingEnterprise: 404 }) },
    },
    {
      label: 'draft session',
      params: (fx) => ({ eventId: fx.events.draft.id }),
      get: onlyActors([...ATTENDING, 'pendingEnterprise'], 404),
      post: { expect: onlyActors([...ATTENDING, 'pendingEnterprise'], 404) },
    },
    {
      label: 'session they are not invited to',
      params: (fx) => ({ eventId: fx.events.notInvited.id }),
      get: onlyActors([...ATTENDING, 'pendingEnterprise'], 404),
    },
    {
      label: 'session of another region',
      params: (fx) => ({ eventId: fx.events.otherRegion.id }),
      get: onlyActors([...ATTENDING, 'pendingEnterprise'], 404),
    },
    {
      label: 'no such session',
      params: () => ({ eventId: 'nosuchevent00000' }),
      get: everyone(404, { anonymous: LOGIN, organizer: 403, otherOrganizer: 403, admin: 403 }),
    },
  ],
};
