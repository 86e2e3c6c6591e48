/**
 * Authorization cases of the events routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import { ORG_MEMBERS, ORGANIZERS, SKIP, onlyActors } from '../authorization-helpers';
import type { Case } from '../authorization-table';

const ATTENDING = ['enterprise', 'bank'] as const;

export const EVENT_CASES: Record<string, Case[]> = {
  // organizers: the sessions of their own region
  'organizer.events._index': [
    { get: onlyActors(ORGANIZERS, 200) },
    { label: 'filtered by status', search: '?status=open&page=2', get: onlyActors(ORGANIZERS, 200) },
  ],
  'organizer.events.new': [{ get: onlyActors(ORGANIZERS, 200), post: { expect: onlyActors(ORGANIZERS, 400) } }],
  'organizer.events.$eventId': [
    {
      label: 'open session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'open session in 410400, a status change by the organizer of another region',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: { body: () => ({ intent: 'status', to: 'scheduled', version: '1' }), expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }) },
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
      post: { expect: onlyActors(ORGANIZERS, 400, { organizer: 404 }) },
    },
    {
      label: 'no such session',
      params: () => ({ eventId: 'nosuchevent00000' }),
      get: onlyActors(ORGANIZERS, 404),
      post: { expect: onlyActors(ORGANIZERS, 404) },
    },
  ],
  'organizer.events_.$eventId.invitations': [
    {
      label: 'open session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'open session in 410400, searching enterprises',
      params: (fx) => ({ eventId: fx.events.open.id }),
      search: '?kind=enterprise&q=%E6%9D%83%E9%99%90',
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
    },
    {
      label: 'adding a representative for a participant of another session',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({
          intent: 'addRep',
          participantId: Object.values(fx.events.otherRegion.participants)[0],
          name: '越权代表',
          title: '经理',
          phone: '13900000199',
        }),
        expect: onlyActors(ORGANIZERS, 404),
      },
    },
    {
      label: 'session in 410100, removing its representative by the organizer of 410400',
      params: (fx) => ({ eventId: fx.events.otherRegion.id }),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      post: { body: () => ({ intent: 'removeRep', representativeId: 'nosuchrep0000000' }), expect: onlyActors(ORGANIZERS, 404) },
    },
  ],

  // banks and enterprises: their invitations, sessions and open registration
  'events._index': [{ get: onlyActors(ORG_MEMBERS, 200) }],
  'events.$eventId': [
    {
      label: 'open session the demo enterprise and bank attend',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors([...ATTENDING], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors([...ATTENDING], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'removing another organization’s representative',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'removeRep', representativeId: fx.events.open.otherRepresentative }),
        expect: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
      },
    },
    {
      label: 'open registration in 410400, nobody registered',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      get: onlyActors([...ATTENDING], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors([...ATTENDING], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'open registration in 410400, registering',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      // a pending organization is told why; the others would really register
      post: { body: () => ({ intent: 'register' }), expect: onlyActors([...ATTENDING], SKIP, { pendingEnterprise: 403 }) },
    },
    {
      label: 'draft session (enterprise and bank invited)',
      params: (fx) => ({ eventId: fx.events.draft.id }),
      get: onlyActors(ORG_MEMBERS, 404),
      post: { expect: onlyActors(ORG_MEMBERS, 404) },
    },
    {
      label: 'invitation-only session none of them is invited to',
      params: (fx) => ({ eventId: fx.events.notInvited.id }),
      get: onlyActors(ORG_MEMBERS, 404),
      post: { body: () => ({ intent: 'register' }), expect: onlyActors(ORG_MEMBERS, 404) },
    },
    {
      label: 'session in 410100',
      params: (fx) => ({ eventId: fx.events.otherRegion.id }),
      get: onlyActors(ORG_MEMBERS, 404),
      post: { expect: onlyActors(ORG_MEMBERS, 404) },
    },
  ],
};
