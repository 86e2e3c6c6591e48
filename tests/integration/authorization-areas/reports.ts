/**
 * Authorization cases of the reports routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import type { Case } from '../authorization-table';
import { everyone, onlyActors } from '../authorization-helpers';

/* ---- dashboard and its exports (reports engineer): organizers (their region) and banks (their own figures) ---- */
const DASHBOARD_VIEWERS = ['bank', 'organizer', 'otherOrganizer'] as const;
const dashboardCases = (): Case[] => [
  { get: onlyActors([...DASHBOARD_VIEWERS], 200) },
  { label: 'an impossible month', search: '?from=2026-13', get: onlyActors([...DASHBOARD_VIEWERS], 400) },
  { label: 'a session that does not exist', search: '?event=nosuchevent00000', get: onlyActors([...DASHBOARD_VIEWERS], 404) },
  // 410102 lies in otherOrganizer's 410100: a field error for the organizer of 410400, a filter for the others
  {
    label: 'a district outside the organizer’s region',
    search: '?district=410102',
    get: onlyActors([...DASHBOARD_VIEWERS], 200, { organizer: 400 }),
  },
];
const DASHBOARD_CASES: Record<string, Case[]> = {
  dashboard: dashboardCases(),
  'dashboard[.]xlsx': dashboardCases(),
  'dashboard[.]csv': dashboardCases(),
};

/* ---- monthly ranking and the live signing screen (ranking engineer): organizers, their own region ---- */
const rankingCases = (): Case[] => [
  { get: onlyActors(['organizer', 'otherOrganizer'], 200) },
  { label: 'a chosen month', search: '?month=2026-10', get: onlyActors(['organizer', 'otherOrganizer'], 200) },
  { label: 'an impossible month', search: '?month=2026-13', get: onlyActors(['organizer', 'otherOrganizer'], 400) },
];
const liveCases = (): Case[] => [
  {
    label: 'a session in 410400',
    params: (fx) => ({ eventId: fx.events.open.id }),
    get: onlyActors(['organizer', 'otherOrganizer'], 200, { otherOrganizer: 404 }),
  },
  {
    label: 'a draft session in 410400',
    params: (fx) => ({ eventId: fx.events.draft.id }),
    get: onlyActors(['organizer', 'otherOrganizer'], 200, { otherOrganizer: 404 }),
  },
  {
    label: 'a session in 410100',
    params: (fx) => ({ eventId: fx.events.otherRegion.id }),
    get: onlyActors(['organizer', 'otherOrganizer'], 200, { organizer: 404 }),
  },
  { label: 'no such session', params: () => ({ eventId: 'nosuchevent00000' }), get: onlyActors(['organizer', 'otherOrganizer'], 404) },
];
const RANKING_CASES: Record<string, Case[]> = {
  'organizer.rankings': rankingCases(),
  'organizer.rankings[.]pdf': rankingCases(),
  'organizer.rankings[.]xlsx': rankingCases(),
  'organizer.rankings[.]docx': rankingCases(),
  // settings of the formal 通报 (decision 030c): an empty POST is a field error
  'organizer.bulletin': [
    { get: onlyActors(['organizer', 'otherOrganizer'], 200), post: { expect: onlyActors(['organizer', 'otherOrganizer'], 400) } },
  ],
  // targets (decision 030d): organizers for their region, administrators for a chosen one; an empty POST is a field error
  'organizer.targets': [
    {
      get: onlyActors(['organizer', 'otherOrganizer', 'admin'], 200),
      post: { expect: onlyActors(['organizer', 'otherOrganizer', 'admin'], 400) },
    },
    {
      label: 'a region that does not exist (administrators)',
      search: '?region=999999',
      get: onlyActors(['organizer', 'otherOrganizer', 'admin'], 200, { admin: 400 }),
    },
  ],
  // public results page (decision 030e): anyone, no sign-in; its settings: organizers (an empty POST is refused)
  results: [
    { get: everyone(200) },
    { label: 'a region without an organizer', search: '?region=650100', get: everyone(404) },
    { label: 'an impossible year', search: '?year=1999', get: everyone(400) },
  ],
  'organizer.results': [
    { get: onlyActors(['organizer', 'otherOrganizer'], 200), post: { expect: onlyActors(['organizer', 'otherOrganizer'], 400) } },
  ],
  'organizer.events_.$eventId.live': liveCases(),
  'organizer.events_.$eventId.live[.]json': liveCases(),
};

export const REPORT_CASES: Record<string, Case[]> = {
  ...DASHBOARD_CASES,
  ...RANKING_CASES,
};
