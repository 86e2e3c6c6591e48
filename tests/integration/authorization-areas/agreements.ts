/**
 * Authorization cases of the agreements routes; merged into AUTHORIZATION_TABLE
 * (see the how-to at the top of ../authorization-table.ts). Fixtures: ../authorization-fixtures.ts.
 */
import type { Case } from '../authorization-table';

export const AGREEMENT_CASES: Record<string, Case[]> = {};
