/** The organizer's badge and scanning tools of one session (issue 16): scanner, all badges, the door QR code. */
import { Link } from '~/components/link';
import { useT } from '~/i18n/use-t';
import { Card, buttonClass } from './ui';

export function CheckinTools({ eventId, doorPath, className }: { eventId: string; doorPath: string; className?: string }) {
  const t = useT();
  const base = `/organizer/events/${eventId}`;
  return (
    <Card title={t('checkin.organizer.tools')} className={className}>
      <div className="flex flex-wrap gap-2" data-testid="checkin-tools">
        <Link to={`${base}/scan`} className={buttonClass('primary')}>
          {t('checkin.organizer.scan')}
        </Link>
        <a href={`${base}/badges.pdf`} className={buttonClass('secondary')} download>
          {t('checkin.organizer.badgesPdf')}
        </a>
        <a href={`${base}/door.pdf`} className={buttonClass('secondary')} download>
          {t('checkin.organizer.doorPdf')}
        </a>
      </div>
      <p className="mt-3 text-sm">
        <a href={doorPath} className="text-brand-800 underline" target="_blank" rel="noreferrer" data-testid="door-link">
          {t('checkin.organizer.doorPage')}
        </a>
      </p>
    </Card>
  );
}
