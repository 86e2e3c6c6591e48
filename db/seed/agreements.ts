/** Demo letters of intent (合作意向书) in every status, with tranches and audit entries. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function seedAgreements(_db: Kysely<Database>): Promise<void> {
  // filled in with the agreements feature
}
