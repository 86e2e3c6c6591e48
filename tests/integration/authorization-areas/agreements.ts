/**
 * Authorization cases of the agreements routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 *
 * Fixtures: agreements.proposedByEnterprise / proposedByBank / signed are the demo
 * bank's and the demo enterprise's (410481, inside the organizer's 410400);
 * otherTenant is otherBank ↔ otherEnterprise in 410400; otherRegion is in 410102
 * (otherOrganizer's 410100). Administrators have no agreements pages (403).
 */
import { SKIP, onlyActors, type ByActor } from '../authorization-helpers';
import type { Case } from '../authorization-table';

/** A page every party and organizer may open (a pending enterprise sees its own, empty, list). */
const LIST: ByActor = onlyActors(['enterprise', 'pendingEnterprise', 'bank', 'organizer', 'otherOrganizer'], 200);

/** The demo parties' own agreement in 410400: another region's organizer and other tenants get 404. */
const OWN_DETAIL: ByActor = onlyActors(['enterprise', 'bank', 'organizer'], 200, { pendingEnterprise: 404, otherOrganizer: 404 });

export const AGREEMENT_CASES: Record<string, Case[]> = {
  'agreements._index': [
    { get: LIST },
    { label: 'with filters', search: '?status=signed&from=2026-01&to=2026-12&late=1&q=%E7%BA%BA', get: LIST },
  ],
  'agreements[.]xlsx': [{ get: LIST }, { label: 'filtered', search: '?status=proposed', get: LIST }],
  'agreements[.]csv': [{ get: LIST }, { label: 'filtered', search: '?status=proposed', get: LIST }],
  'agreements.new': [
    {
      get: onlyActors(['enterprise', 'bank', 'organizer', 'otherOrganizer'], 200),
      // an empty form: 400 (field errors); a pending enterprise may not propose at all
      post: { expect: onlyActors(['enterprise', 'bank', 'organizer', 'otherOrganizer'], 400) },
    },
    {
      label: 'preselected session',
      search: '?eventId=unknown',
      get: onlyActors(['enterprise', 'bank', 'organizer', 'otherOrganizer'], 200),
    },
  ],
  'agreements.$agreementId': [
    {
      label: 'proposed by the demo enterprise',
      params: (fx) => ({ agreementId: fx.agreements.proposedByEnterprise }),
      get: OWN_DETAIL,
      post: { expect: onlyActors(['enterprise', 'bank', 'organizer'], 400, { pendingEnterprise: 404, otherOrganizer: 404 }) },
    },
    {
      label: 'proposed by the demo bank: the bank may not confirm it',
      params: (fx) => ({ agreementId: fx.agreements.proposedByBank }),
      get: OWN_DETAIL,
      // enterprise and organizer would really confirm it: not checked here
      post: {
        body: () => ({ intent: 'confirm', version: '1' }),
        expect: onlyActors([], 403, { bank: 403, enterprise: SKIP, organizer: SKIP, pendingEnterprise: 404, otherOrganizer: 404 }),
      },
    },
    {
      label: 'signed: only the bank and the organizer report 授信 (a stale version changes nothing)',
      params: (fx) => ({ agreementId: fx.agreements.signed }),
      get: OWN_DETAIL,
      post: {
        body: () => ({ intent: 'approve', version: '999', approvedAmount: '1', approvedOn: '2026-01-01' }),
        expect: onlyActors([], 403, { enterprise: 403, bank: 409, organizer: 409, pendingEnterprise: 404, otherOrganizer: 404 }),
      },
    },
    {
      label: 'another bank’s and enterprise’s agreement in 410400',
      params: (fx) => ({ agreementId: fx.agreements.otherTenant }),
      get: onlyActors(['organizer'], 200, { enterprise: 404, pendingEnterprise: 404, bank: 404, otherOrganizer: 404 }),
      // a real termination: everyone but the region's organizer must get 404 (the organizer is not asked)
      post: {
        body: () => ({ intent: 'terminate', version: '1', reason: '越权终止' }),
        expect: onlyActors([], 403, { enterprise: 404, pendingEnterprise: 404, bank: 404, organizer: SKIP, otherOrganizer: 404 }),
      },
    },
    {
      label: 'an agreement in 410102 (otherOrganizer’s region)',
      params: (fx) => ({ agreementId: fx.agreements.otherRegion }),
      get: onlyActors(['otherOrganizer'], 200, { enterprise: 404, pendingEnterprise: 404, bank: 404, organizer: 404 }),
      post: {
        body: () => ({ intent: 'terminate', version: '1', reason: '越权终止' }),
        expect: onlyActors([], 403, { enterprise: 404, pendingEnterprise: 404, bank: 404, organizer: 404, otherOrganizer: SKIP }),
      },
    },
    {
      label: 'an id that does not exist',
      params: () => ({ agreementId: 'nosuchagreement1' }),
      get: onlyActors(['enterprise', 'pendingEnterprise', 'bank', 'organizer', 'otherOrganizer'], 404),
      post: { expect: onlyActors(['enterprise', 'pendingEnterprise', 'bank', 'organizer', 'otherOrganizer'], 404) },
    },
  ],
};
