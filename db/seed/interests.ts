import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Demo data: bank interest in needs, notifications. */
export async function seedInterests(_db: Kysely<Database>): Promise<void> {
  // filled in by its feature
}
