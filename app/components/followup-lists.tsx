import type { ReactNode } from 'react';
import { Link } from '~/components/link';
import { Card, EmptyState } from '~/components/ui';

/** The cards of 走访清单 (an organizer's or a bank's): each list's title links to its page, with a line
 * under it, a badge on the right and the coverage figures below. */
export function FollowupListCards<L extends { id: string; title: string }>({
  lists,
  empty,
  href,
  line,
  badge,
  figures,
}: {
  lists: L[];
  empty: string;
  href: (l: L) => string;
  line: (l: L) => ReactNode;
  badge: (l: L) => ReactNode;
  figures: (l: L) => ReactNode;
}) {
  if (lists.length === 0) return <EmptyState title={empty} />;
  return (
    <ul className="space-y-3" data-testid="lists">
      {lists.map((l) => (
        <li key={l.id}>
          <Card>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <Link to={href(l)} className="font-semibold text-brand-800 underline">
                  {l.title}
                </Link>
                <p className="text-sm text-slate-600">{line(l)}</p>
              </div>
              {badge(l)}
            </div>
            {figures(l)}
          </Card>
        </li>
      ))}
    </ul>
  );
}
