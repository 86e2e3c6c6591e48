/**
 * The one action of the two sign-up pages (/signup/enterprise, /signup/bank): the
 * form's 获取验证码 (`intent=sendCode`) sends an SMS code to the number typed in
 * (only the number is checked; the other fields come back as typed, passwords
 * excepted); the form itself signs up with that code (issue 14: sign-up verifies
 * the number), starts a session and goes to the documents page for the 营业执照.
 */
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { z } from 'zod';
import { createSession, generateSessionToken, sessionCookie } from '~/modules/auth/auth-session.server';
import { getAuth } from '~/modules/auth/guards.server';
import { sendSignupCode } from '~/modules/auth/phone.server';
import { readFormData } from '~/server/form-guard';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { errorReply } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { mobile } from '~/utils/zod-helpers';
import { serverOrgSchemaContext } from './profile.server';
import { bankSignupSchema, enterpriseSignupSchema } from './schema';
import { type SignedUp, signUpBank, signUpEnterprise } from './signup.server';

const HIDE = ['password', 'confirmPassword'];
const CodeRequestSchema = z.object({ phone: mobile });

export async function signupAction({ request, context }: Pick<ActionFunctionArgs, 'request' | 'context'>, kind: 'enterprise' | 'bank') {
  if (await getAuth({ request, context })) return redirect('/');
  const form = await readFormData(request);
  const db = await getDb();
  const ip = clientIp(context);
  if (form.get('intent') === 'sendCode') {
    const request = parseWithZod(form, { schema: CodeRequestSchema });
    if (request.status !== 'success') return json({ result: request.reply({ hideFields: HIDE }), sentTo: null }, { status: 400 });
    try {
      await sendSignupCode(db, { phone: request.value.phone, ip });
    } catch (e) {
      const { reply, status } = errorReply(e, request, { hideFields: HIDE });
      return json({ result: reply, sentTo: null }, { status });
    }
    return json({ result: request.reply({ hideFields: HIDE }), sentTo: request.value.phone });
  }
  const schema = kind === 'enterprise' ? enterpriseSignupSchema(serverOrgSchemaContext) : bankSignupSchema(serverOrgSchemaContext);
  const submission = parseWithZod(form, { schema });
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: HIDE }), sentTo: null }, { status: 400 });
  let result: SignedUp;
  try {
    result =
      kind === 'enterprise'
        ? await signUpEnterprise(db, submission.value as z.output<ReturnType<typeof enterpriseSignupSchema>>, { ip })
        : await signUpBank(db, submission.value as z.output<ReturnType<typeof bankSignupSchema>>, { ip });
  } catch (e) {
    // 429 to the form; email / credit code / number taken and a wrong code to their fields
    const { reply, status } = errorReply(e, submission, { hideFields: HIDE });
    return json({ result: reply, sentTo: null }, { status });
  }
  const token = generateSessionToken();
  const session = await createSession(db, token, result.userId, { ip, userAgent: request.headers.get('User-Agent') });
  const headers = await flashHeaders(
    { tone: 'success', message: 'signup.done' },
    { 'Set-Cookie': sessionCookie(token, session.expiresAt) },
  );
  return redirect('/org/documents', { headers });
}
