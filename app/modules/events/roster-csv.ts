/** The representatives list as CSV (see ~/utils/csv for the format and the formula guard). */
import type { Translate } from '~/i18n/translate';
import { toCsv, type CsvValue } from '~/utils/csv';
import { chinaDateTime } from '~/modules/calendar/working-days';
import type { OrganizerRoster } from './roster.server';

/** Column keys of the representatives list (headers are translated). */
export const CSV_COLUMNS = ['no', 'group', 'organization', 'name', 'title', 'phone', 'checkedIn', 'checkedInAt'] as const;

/** The organizer's representatives list: one row per representative, with organization, group, phone and check-in. */
export function rosterCsv(roster: Pick<OrganizerRoster, 'organizations'>, t: Translate): string {
  const rows: CsvValue[][] = [CSV_COLUMNS.map((c) => t(`roster.col.${c}`))];
  let n = 0;
  for (const org of roster.organizations) {
    for (const r of org.representatives) {
      rows.push([
        ++n,
        t(`roster.group.${org.role}`),
        org.name,
        r.name,
        r.title,
        r.phone,
        r.checkedInAt ? t('roster.checkedIn.yes') : t('roster.checkedIn.no'),
        r.checkedInAt ? chinaDateTime(r.checkedInAt) : '',
      ]);
    }
  }
  return toCsv(rows);
}
