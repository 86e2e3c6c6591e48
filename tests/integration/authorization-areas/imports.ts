/**
 * Authorization cases of the imports routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 *
 * Organizers only (both regions: the region limits what a file may contain,
 * checked row by row in tests/integration/imports.test.ts).
 */
import { onlyActors, ORGANIZERS } from '../authorization-helpers';
import type { Case } from '../authorization-table';

export const IMPORT_CASES: Record<string, Case[]> = {
  'organizer.imports': [
    // an empty form: no file, no token → 400 for organizers, nothing written
    { get: onlyActors(ORGANIZERS, 200), post: { expect: onlyActors(ORGANIZERS, 400) } },
    {
      label: 'a commit with a token nobody was given',
      post: { body: () => ({ intent: 'commit', token: 'A'.repeat(27) }), expect: onlyActors(ORGANIZERS, 400) },
    },
  ],
  'organizer.imports.template.$kind': [
    { label: 'an import kind (XLSX)', params: () => ({ kind: 'enterprises' }), get: onlyActors(ORGANIZERS, 200) },
    { label: 'an import kind (CSV)', params: () => ({ kind: 'agreements' }), search: '?format=csv', get: onlyActors(ORGANIZERS, 200) },
    { label: 'a recommended list (XLSX)', params: () => ({ kind: 'lists' }), get: onlyActors(ORGANIZERS, 200) },
    { label: 'a problem ledger (CSV)', params: () => ({ kind: 'problems' }), search: '?format=csv', get: onlyActors(ORGANIZERS, 200) },
    { label: 'no such kind', params: () => ({ kind: 'nosuchkind' }), get: onlyActors(ORGANIZERS, 404) },
  ],
};
