import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { LOCALE_COOKIE, LOCALES } from '~/i18n/locale';
import { safeRedirect } from '~/modules/auth/schema';
import { readFormData } from '~/server/form-guard';

const LangSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().max(500).optional() });

export async function loader() {
  return redirect('/');
}

/** Persists the language choice for a year; works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LangSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return redirect('/');
  const cookie = `${LOCALE_COOKIE}=${encodeURIComponent(parsed.data.locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { 'Set-Cookie': cookie } });
}
