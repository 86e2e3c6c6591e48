/**
 * The kinds of notification that may leave the app, and who can choose channels
 * for them (decision 033a). No server code: /account/notifications uses it too.
 *
 * 站内 (in-app) is always on. 邮件 is on by default when the user has an e-mail
 * address; 短信 is off until the user turns it on (it costs the office money and
 * needs a mobile number).
 */
import type { Role } from '#db/schema';

export const CHANNELS = ['inApp', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTBOUND_KINDS = [
  'interest.new',
  'interest.accepted',
  'agreement.proposed',
  'event.invited',
  'event.scheduled',
  // issue 16: a published schedule changed for the addressee, and the reminders
  'event.scheduleChanged',
  'event.responseReminder',
  'event.dayBefore',
  'event.meetingSoon',
  'event.promoted',
  'need.overdue',
  'account.loginAttack',
  'org.verified',
  'org.rejected',
  'org.resubmitted',
] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

const OUTBOUND = new Set<string>(OUTBOUND_KINDS);
export const isOutboundKind = (kind: string): kind is OutboundKind => OUTBOUND.has(kind);

/** Which kinds a role receives (the preferences page shows these). */
export const KINDS_BY_ROLE: Record<Role, readonly OutboundKind[]> = {
  enterprise: [
    'org.verified',
    'org.rejected',
    'interest.new',
    'agreement.proposed',
    'event.invited',
    'event.scheduled',
    'event.scheduleChanged',
    'event.responseReminder',
    'event.dayBefore',
    'event.meetingSoon',
    'event.promoted',
    'need.overdue',
    'account.loginAttack',
  ],
  bank: [
    'org.verified',
    'org.rejected',
    'interest.accepted',
    'agreement.proposed',
    'event.invited',
    'event.scheduled',
    'event.scheduleChanged',
    'event.responseReminder',
    'event.dayBefore',
    'event.meetingSoon',
    'event.promoted',
    'account.loginAttack',
  ],
  organizer: ['org.resubmitted', 'need.overdue', 'account.loginAttack'],
  admin: ['account.loginAttack'],
};

/** A mainland mobile number that can receive an SMS. */
export const MOBILE = /^1[3-9]\d{9}$/;

export interface ChannelChoice {
  email: boolean;
  sms: boolean;
}

/** The channels in force: the saved choice or the defaults, limited to what the account can receive. */
export function effectiveChannels(
  user: { email: string; phone: string },
  saved: { email: number; sms: number } | null | undefined,
): ChannelChoice {
  const hasEmail = /@/.test(user.email);
  const hasMobile = MOBILE.test(user.phone);
  if (!saved) return { email: hasEmail, sms: false };
  return { email: hasEmail && saved.email === 1, sms: hasMobile && saved.sms === 1 };
}
