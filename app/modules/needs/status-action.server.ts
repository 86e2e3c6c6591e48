/**
 * The publish / close / withdraw form of an enterprise's own need, shared by the
 * financing and hiring need pages: parse, check, change, answer.
 */
import { parseWithZod } from '@conform-to/zod';
import { json, redirect } from '@remix-run/node';
import type { OrgMember } from '~/modules/auth/guards.server';
import type { DB } from '~/utils/db.server';
import { isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { assertMayPublishNeed } from './access';
import { changeNeedStatus } from './common.server';
import type { NeedKind } from './lifecycle';
import { StatusChangeSchema } from './schema';

const STATUS_FLASH = { publish: 'needs.flash.published', close: 'needs.flash.closed', withdraw: 'needs.flash.withdrawn' } as const;
const STATUS_TARGET = { publish: 'published', close: 'closed', withdraw: 'withdrawn' } as const;

export async function needStatusAction(db: DB, member: OrgMember, kind: NeedKind, needId: string, formData: FormData) {
  const submission = parseWithZod(formData, { schema: StatusChangeSchema });
  if (submission.status !== 'success') return json({ form: 'status' as const, error: 'error.badRequest' }, { status: 400 });
  const { intent: change, version, reason } = submission.value;
  if (change === 'publish') assertMayPublishNeed(member.org);
  try {
    await changeNeedStatus(db, { kind, orgId: member.org.id, needId, version, to: STATUS_TARGET[change], reason });
  } catch (e) {
    if (!isAppError(e) || e.status === 404) throw e;
    return json({ form: 'status' as const, error: e.messageKey, intent: change }, { status: e.status });
  }
  return redirect(`/enterprise/needs/${kind}/${needId}`, {
    headers: await flashHeaders({ tone: 'success', message: STATUS_FLASH[change] }),
  });
}
