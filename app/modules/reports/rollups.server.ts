/**
 * The hook every write of an agreement calls inside its transaction, with the row
 * before and after the change (null for a creation / deletion). Reports keep
 * their pre-aggregated totals in step here so dashboards never sum a million rows.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AgreementsTable, Database } from '../../../db/schema';

export type AgreementRow = Selectable<AgreementsTable>;

export async function applyAgreementChange(
  _trx: Transaction<Database> | Kysely<Database>,
  _before: AgreementRow | null,
  _after: AgreementRow | null,
): Promise<void> {
  // filled in with the reports feature
}
