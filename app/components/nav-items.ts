/** Navigation per role. Later features add their entries here. */
import type { Role } from '../../db/schema';

export interface NavItem {
  to: string;
  labelKey: string;
  /** match nested paths too */
  prefix?: boolean;
}

export const NAV_BY_ROLE: Record<Role | 'anonymous', NavItem[]> = {
  anonymous: [
    { to: '/', labelKey: 'nav.home' },
  ],
  enterprise: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/org/profile', labelKey: 'nav.orgProfile' },
  ],
  bank: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/org/profile', labelKey: 'nav.orgProfile' },
  ],
  organizer: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/organizer/verifications', labelKey: 'nav.verifications', prefix: true },
  ],
  admin: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/admin/organizers', labelKey: 'nav.organizers', prefix: true },
  ],
};
