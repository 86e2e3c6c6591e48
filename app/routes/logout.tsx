import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { blankSessionCookie, invalidateSession, readSessionToken, sessionIdFromToken } from '~/modules/auth/auth-session.server';
import { getDb } from '~/utils/db.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const token = readSessionToken(request);
  if (token) await invalidateSession(await getDb(), sessionIdFromToken(token));
  return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } });
}
