// 1:1 meeting requests, availability, the schedule and agendas.
export const zh = {
  'meetings.title': '洽谈预约',
};

export const en: Record<keyof typeof zh, string> = {
  'meetings.title': 'Meetings',
};
