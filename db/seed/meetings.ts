/** Demo 1:1 meeting requests, availability and a schedule for the demo sessions. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function seedMeetings(_db: Kysely<Database>): Promise<void> {
  // filled in with the meetings feature
}
