import { useT } from '~/i18n/use-t';
import { Badge } from './ui';

/** An organization's verification status: 待审核 / 已认证 / 已驳回. */
export function OrgStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={status === 'verified' ? 'green' : status === 'rejected' ? 'red' : 'yellow'}>{t(`status.${status}`)}</Badge>;
}
