/**
 * Authorization cases of the badge (参会证), scanner and self check-in routes
 * (issue 16); merged into AUTHORIZATION_TABLE (see the how-to at the top of
 * ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 *
 * Badges are shown and printed to members of attending organizations (their own
 * representatives only); every badge, the door sign and the scanner belong to
 * the organizer whose region covers the session (another region's organizer:
 * 404). The self check-in page is open to everyone who holds the session's door
 * token; any other token, and a draft session, is a 404.
 */
import { badgeToken, doorToken } from '../../../app/modules/events/badges.server';
import { everyone, ORGANIZERS, SKIP, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const open = (fx: Fixtures) => ({ eventId: fx.events.open.id });
const otherRegion = (fx: Fixtures) => ({ eventId: fx.events.otherRegion.id });
const noSuchEvent = () => ({ eventId: 'nosuchevent00000' });

/** Organizer-only GET files of one session. */
const organizerOnly = (): Case[] => [
  { label: 'session in 410400', params: open, get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }) },
  { label: 'session in 410100', params: otherRegion, get: onlyActors(ORGANIZERS, 200, { organizer: 404 }) },
  { label: 'no such session', params: noSuchEvent, get: onlyActors(ORGANIZERS, 404) },
];

/** A member's own badges: attending organizations only. */
const memberBadges = (): Case[] => [
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
];

export const BADGE_CASES: Record<string, Case[]> = {
  'events_.$eventId.badges': memberBadges(),
  'events_.$eventId.badges[.]pdf': memberBadges(),
  'organizer.events_.$eventId.badges[.]pdf': organizerOnly(),
  'organizer.events_.$eventId.door[.]pdf': organizerOnly(),

  'organizer.events_.$eventId.scan': [
    {
      label: 'session in 410400',
      params: open,
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }) },
    },
    {
      label: 'a real badge scan on another region’s session',
      params: open,
      // the organizer of 410400 would really check in: skipped; the other region's organizer must get 404
      post: {
        body: (fx) => ({ code: badgeToken(fx.events.open.id, fx.events.open.ownRepresentative) }),
        expect: onlyActors(ORGANIZERS, 404, { organizer: SKIP }),
      },
    },
    {
      label: 'a badge of another session',
      params: (fx) => ({ eventId: fx.events.openRegistration.id }),
      post: {
        body: (fx) => ({ code: badgeToken(fx.events.open.id, fx.events.open.ownRepresentative) }),
        expect: onlyActors(ORGANIZERS, 400, { otherOrganizer: 404 }),
      },
    },
    {
      label: 'session in 410100',
      params: otherRegion,
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400, { organizer: 404 }) },
    },
    { label: 'no such session', params: noSuchEvent, get: onlyActors(ORGANIZERS, 404), post: { expect: onlyActors(ORGANIZERS, 404) } },
  ],

  'checkin.$eventId.$token': [
    {
      label: 'the door token of an open session',
      params: (fx) => ({ eventId: fx.events.open.id, token: doorToken(fx.events.open.id) }),
      get: everyone(200),
      // no phone number: a field error, nothing checked in
      post: { expect: everyone(400) },
    },
    {
      label: 'another session’s door token',
      params: (fx) => ({ eventId: fx.events.open.id, token: doorToken(fx.events.otherRegion.id) }),
      get: everyone(404),
      post: { body: () => ({ phone: '13900000101' }), expect: everyone(404) },
    },
    {
      label: 'a made-up token',
      params: (fx) => ({ eventId: fx.events.open.id, token: 'A'.repeat(22) }),
      get: everyone(404),
      post: { expect: everyone(404) },
    },
    {
      label: 'a draft session',
      params: (fx) => ({ eventId: fx.events.draft.id, token: doorToken(fx.events.draft.id) }),
      get: everyone(404),
      post: { expect: everyone(404) },
    },
  ],
};
