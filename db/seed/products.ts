import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Demo data: loan products of the demo banks. */
export async function seedProducts(_db: Kysely<Database>): Promise<void> {
  // filled in by its feature
}
