/** The handler's forms on an item (a bank's page, or a department organizer's): contact the enterprise, reply. */
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import type { ProblemView } from './problem-view';
import { Button, Card } from './ui';

export function ProblemHandlerForms({ p }: { p: ProblemView }) {
  const t = useT();
  if (p.status !== 'assigned') return null;
  return (
    <Card title={t('problems.reply')}>
      {!p.contactedAt ? (
        <Form method="post" className="mb-4">
          <input type="hidden" name="intent" value="contact" />
          <Button variant="secondary">{t('problems.contact')}</Button>
        </Form>
      ) : null}
      <Form method="post" className="space-y-2" data-testid="reply-form">
        <input type="hidden" name="intent" value="reply" />
        <label className="block text-sm font-medium text-slate-800">
          {t('problems.replyField')}
          <textarea
            name="reply"
            required
            maxLength={2000}
            rows={4}
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <Button>{t('problems.sendReply')}</Button>
      </Form>
    </Card>
  );
}
