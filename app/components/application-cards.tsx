import type { ReactNode } from 'react';
import { Card } from './ui';

/**
 * The list of financing applications, the same shape on both sides: one card per
 * application with its summary on the left, its state on the right, then `details`.
 */
export function ApplicationCards<R extends { id: string }>({
  rows,
  summary,
  state,
  details,
}: {
  rows: R[];
  summary: (r: R) => ReactNode;
  state: (r: R) => ReactNode;
  details: (r: R) => ReactNode;
}) {
  return (
    <ul className="space-y-3" data-testid="applications">
      {rows.map((r) => (
        <li key={r.id} data-testid={`application-${r.id}`}>
          <Card>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">{summary(r)}</div>
              {state(r)}
            </div>
            {details(r)}
          </Card>
        </li>
      ))}
    </ul>
  );
}
