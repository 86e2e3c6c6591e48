import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FollowupListCards } from '~/components/followup-lists';
import { Badge, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { bankLists } from '~/modules/followup/lists.server';
import { pct } from '~/modules/followup/rules';
import { regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'followup.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const today = chinaDate(new Date());
  const lists = await bankLists(await getDb(), { userId: member.user.id, orgId: member.org.id });
  return json({
    lists: lists.map((l) => ({ ...l, regionName: regionName(l.regionCode), overdue: l.dueOn !== null && today > l.dueOn })),
  });
}

export default function BankLists() {
  const t = useT();
  const { lists } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title={t('followup.bank.title')} subtitle={t('followup.bank.lead')} />
      <FollowupListCards
        lists={lists}
        empty={t('followup.bank.empty')}
        href={(l) => `/bank/lists/${l.id}`}
        line={(l) => (
          <>
            {l.regionName} · {t('followup.bank.answered', { answered: l.answered, firms: l.coverage.firms })}
          </>
        )}
        badge={(l) =>
          l.dueOn ? (
            <Badge tone={l.overdue && l.answered < l.coverage.firms ? 'red' : 'blue'}>{t('followup.dueOn', { date: l.dueOn })}</Badge>
          ) : null
        }
        figures={(l) => (
          <p className="mt-2 text-sm tabular-nums text-slate-800">
            {t('followup.visitRate')} {pct(l.coverage.visitRate)} · {t('followup.creditRate')} {pct(l.coverage.creditRate)}
          </p>
        )}
      />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
