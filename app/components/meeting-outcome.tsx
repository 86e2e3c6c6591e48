/**
 * A meeting's place in the session and its outcome, as the participants' and the
 * organizer's outcome pages show them (issue 16, decision 036c).
 */
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { type Column, DataTable } from './table';
import { Badge, Button, Card, EmptyState } from './ui';

const OUTCOME_TONE = { held: 'green', no_show: 'red' } as const;

/** "09:30 · 3号桌", or 未排入 for a meeting without a slot. */
export function MeetingSlot({ time, table }: { time: string | null; table: number | string | null }) {
  const t = useT();
  return <>{time && table ? t('outcomes.slot', { time, table }) : t('outcomes.unplaced')}</>;
}

/** The outcome badge and, while marking is open, the 已举行 / 未到场 buttons, labelled with who met. */
export function MeetingOutcome({
  requestId,
  outcome,
  open,
  busy,
  who,
}: {
  requestId: string;
  outcome: 'held' | 'no_show' | null;
  open: boolean;
  busy: boolean;
  who: string;
}) {
  const t = useT();
  return (
    <div className="space-y-2">
      <Badge tone={outcome ? OUTCOME_TONE[outcome] : 'gray'}>{t(`outcomes.outcome.${outcome ?? 'none'}`)}</Badge>
      {open ? (
        <Form method="post" className="flex flex-wrap gap-2">
          <input type="hidden" name="intent" value="mark" />
          <input type="hidden" name="requestId" value={requestId} />
          <Button name="outcome" value="held" variant="secondary" disabled={busy} aria-label={`${t('outcomes.action.held')} ${who}`}>
            {t('outcomes.action.held')}
          </Button>
          <Button name="outcome" value="no_show" variant="secondary" disabled={busy} aria-label={`${t('outcomes.action.noShow')} ${who}`}>
            {t('outcomes.action.noShow')}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

/** The outcome pages' table of meetings: each meeting's time and table first, then the page's own columns. */
export function OutcomeMeetingsCard<M extends { requestId: string; time: string | null; table: number | string | null }>({
  meetings,
  columns,
  testId,
}: {
  meetings: M[];
  columns: Column<M>[];
  testId?: string;
}) {
  const t = useT();
  if (meetings.length === 0) {
    return (
      <Card title={t('outcomes.title')}>
        <EmptyState title={t('outcomes.empty')} />
      </Card>
    );
  }
  const table = (
    <DataTable
      caption={t('outcomes.title')}
      rows={meetings}
      rowKey={(m) => m.requestId}
      columns={[
        { key: 'time', header: t('outcomes.col.time'), nowrap: true, cell: (m) => <MeetingSlot time={m.time} table={m.table} /> },
        ...columns,
      ]}
    />
  );
  return <Card title={t('outcomes.title')}>{testId ? <div data-testid={testId}>{table}</div> : table}</Card>;
}
