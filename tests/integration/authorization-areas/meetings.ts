/**
 * Authorization cases of the meetings routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import type { Case } from '../authorization-table';

export const MEETING_CASES: Record<string, Case[]> = {};
