/**
 * Authorization cases of the after-the-meeting pages and the ratings page (issues 16
 * and 18, decision 036c); merged into AUTHORIZATION_TABLE (see the how-to at the top
 * of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import { LOGIN, ORGANIZERS, ORG_MEMBERS, SKIP, everyone, onlyActors } from '../authorization-helpers';
import type { Case } from '../authorization-table';

const ATTENDING = ['enterprise', 'bank'] as const;

export const OUTCOME_CASES: Record<string, Case[]> = {
  // a participant's own meetings: only attending enterprises and banks; another pair's meeting is a 404
  'events_.$eventId.outcomes': [
    {
      label: 'open session the demo enterprise and bank attend',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors([...ATTENDING], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors([...ATTENDING], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'marking a meeting between two other organizations',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'mark', requestId: fx.events.open.strangersRequest, outcome: 'held' }),
        expect: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
      },
    },
    {
      label: 'rating a meeting between two other organizations',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'rate', subject: 'meeting', subjectId: fx.events.open.strangersRequest, score: '5' }),
        expect: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
      },
    },
    {
      label: 'answering a follow-up that does not exist',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: () => ({ intent: 'followup', followUpId: 'nosuchfollowup00', answer: 'yes' }),
        expect: onlyActors([...ATTENDING], 404, { pendingEnterprise: 404 }),
      },
    },
    {
      label: 'draft session',
      params: (fx) => ({ eventId: fx.events.draft.id }),
      get: onlyActors([...ATTENDING, 'pendingEnterprise'], 404),
      post: { expect: onlyActors([...ATTENDING, 'pendingEnterprise'], 404) },
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

  // the organizer's session report and marks: organizers whose region covers the session
  'organizer.events_.$eventId.outcomes': [
    {
      label: 'open session in 410400',
      params: (fx) => ({ eventId: fx.events.open.id }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'open session in 410400, marking a meeting by the organizer of another region',
      params: (fx) => ({ eventId: fx.events.open.id }),
      post: {
        body: (fx) => ({ intent: 'mark', requestId: fx.events.open.acceptedRequest, outcome: 'held' }),
        expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }),
      },
    },
    {
      label: 'session in 410100',
      params: (fx) => ({ eventId: fx.events.otherRegion.id }),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      post: { body: () => ({ intent: 'mark', requestId: 'nosuchrequest000', outcome: 'held' }), expect: onlyActors(ORGANIZERS, 404) },
    },
    { label: 'no such session', params: () => ({ eventId: 'nosuchevent00000' }), get: onlyActors(ORGANIZERS, 404) },
  ],

  // what an organization took part in and may rate: enterprises and banks, their own items only
  ratings: [
    { get: onlyActors(ORG_MEMBERS, 200), post: { expect: onlyActors(ORG_MEMBERS, 400) } },
    {
      label: 'rating an interest that is not the enterprise’s',
      post: {
        body: () => ({ intent: 'rate', subject: 'interest', subjectId: 'nosuchinterest00', score: '4' }),
        expect: onlyActors(ORG_MEMBERS, 404),
      },
    },
  ],
};
