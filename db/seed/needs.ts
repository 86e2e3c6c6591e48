import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Demo data: financing and hiring needs of the demo enterprises. */
export async function seedNeeds(_db: Kysely<Database>): Promise<void> {
  // filled in by its feature
}
