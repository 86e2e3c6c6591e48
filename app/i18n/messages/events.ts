// Matchmaking sessions 对接会: creating, invitations, registration, representatives.
export const zh = {
  'nav.organizerEvents': '对接会',
  'nav.myEvents': '对接会',
  'eventTabs.label': '对接会页面',
  'eventTabs.overview': '概况',
  'eventTabs.invitations': '邀请与报名',
  'eventTabs.schedule': '洽谈排期',
  'eventTabs.meetings': '洽谈预约',
  'eventTabs.checkin': '签到',
  'eventTabs.roster': '名册',
  'eventTabs.live': '签约大屏',
  'events.notAttending': '贵机构未参加本场对接会',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.organizerEvents': 'Sessions',
  'nav.myEvents': 'Sessions',
  'eventTabs.label': 'Session pages',
  'eventTabs.overview': 'Overview',
  'eventTabs.invitations': 'Invitations',
  'eventTabs.schedule': 'Meeting schedule',
  'eventTabs.meetings': 'Meetings',
  'eventTabs.checkin': 'Check-in',
  'eventTabs.roster': 'Roster',
  'eventTabs.live': 'Signing screen',
  'events.notAttending': 'Your organization is not attending this session',
};
