import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Demo data: accounts, government departments, enterprises and banks. */
export async function seedOrganizations(_db: Kysely<Database>): Promise<void> {
  // filled in by its feature
}
