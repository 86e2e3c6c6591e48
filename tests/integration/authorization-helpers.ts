/** Actors and expectation helpers of the authorization table (see authorization-table.ts). */
export const ACTORS = ['anonymous', 'enterprise', 'pendingEnterprise', 'bank', 'organizer', 'otherOrganizer', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

/** An expected answer: a status, a redirect, or SKIP (not checked: the request would change data). */
export type Expect = number | { status: 302; location: string | RegExp } | 'skip';
export type ByActor = Record<Actor, Expect>;

export const LOGIN: Expect = { status: 302, location: /^\/login(\?|$)/ };
export const HOME: Expect = { status: 302, location: '/' };
export const SKIP: Expect = 'skip';
export const redirect = (location: string | RegExp): Expect => ({ status: 302, location });

/** The same answer for everyone. */
export function everyone(e: Expect, overrides: Partial<ByActor> = {}): ByActor {
  return { ...(Object.fromEntries(ACTORS.map((a) => [a, e])) as ByActor), ...overrides };
}

/** A page for any signed-in user: anonymous is sent to /login. */
export function signedIn(e: Expect, overrides: Partial<ByActor> = {}): ByActor {
  return everyone(e, { anonymous: LOGIN, ...overrides });
}

/** Only `actors` get `ok`; other signed-in users get `denied` (403 unless said), anonymous → /login. */
export function onlyActors(actors: Actor[], ok: Expect, opts: { denied?: Expect } & Partial<ByActor> = {}): ByActor {
  const { denied = 403, ...overrides } = opts;
  const base = signedIn(denied);
  for (const a of actors) base[a] = ok;
  return { ...base, ...overrides };
}

export const ORG_MEMBERS: Actor[] = ['enterprise', 'pendingEnterprise', 'bank'];
export const ENTERPRISES: Actor[] = ['enterprise', 'pendingEnterprise'];
export const ORGANIZERS: Actor[] = ['organizer', 'otherOrganizer'];
