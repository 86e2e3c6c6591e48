/** Demo matchmaking sessions (对接会) with participants, representatives and meeting requests. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function seedEvents(_db: Kysely<Database>): Promise<void> {
  // filled in with the sessions feature
}
