// In-app notifications.
export const zh = {
  'nav.notifications': '通知',
  'notifications.title': '通知',
  'notifications.subtitle': '与您的机构有关的动态，最新的在前。',
  'notifications.empty': '暂无通知',
  'notifications.unread': '{n} 条未读',
  'notifications.unreadBadge': '{n} 条未读通知',
  'notifications.new': '未读',
  'notifications.markRead': '标为已读',
  'notifications.markAllRead': '全部标为已读',
  'notifications.open': '查看',
  'notifications.flash.allRead': '已全部标为已读',
  'notifications.kind.interest.new': '{bank} 对您的需求“{need}”表达了合作意向',
  'notifications.kind.interest.accepted': '{enterprise} 接受了贵行对“{need}”的意向，现在可以查看企业联系人',
  'notifications.kind.interest.declined': '{enterprise} 婉拒了贵行对“{need}”的意向',
  'notifications.kind.interest.withdrawn': '{bank} 撤回了对“{need}”的意向',
  'notifications.kind.agreement.proposed': '{counterpart} 向贵机构发起合作意向书，签约金额 {amount}万元，请确认或婉拒',
  'notifications.kind.agreement.proposed.withNo':
    '{counterpart} 向贵机构发起合作意向书（编号 {documentNo}），签约金额 {amount}万元，请确认或婉拒',
  'notifications.kind.agreement.confirmed': '与 {counterpart} 的合作意向书（{amount}万元）已确认签约',
  'notifications.kind.agreement.confirmed.withNo': '与 {counterpart} 的合作意向书（编号 {documentNo}，{amount}万元）已确认签约',
  'notifications.kind.agreement.declined': '与 {counterpart} 的合作意向书（{amount}万元）被婉拒，原因：{reason}',
  'notifications.kind.agreement.declined.withNo': '与 {counterpart} 的合作意向书（编号 {documentNo}，{amount}万元）被婉拒，原因：{reason}',
  'notifications.kind.agreement.terminated': '与 {counterpart} 的合作意向书（{amount}万元）已终止，原因：{reason}',
  'notifications.kind.agreement.terminated.withNo':
    '与 {counterpart} 的合作意向书（编号 {documentNo}，{amount}万元）已终止，原因：{reason}',
  'notifications.kind.problem.assigned': '有一项企业问题诉求交办给贵单位，请于 {due} 前办结',
  'notifications.kind.problem.reopened': '企业对一项问题诉求的答复不满意并重新提出，时限重新计算，请于 {due} 前办结',
  'notifications.kind.problem.overdue': '一项问题诉求已超过办结时限（{due}），请督办',
  'notifications.kind.dispatch.assigned': '有 {n} 条无人响应的融资需求派单给贵行，请在时限内表达意向或说明不能对接的原因',
  'notifications.kind.dispatch.silent': '有 {n} 条派单在时限内未获银行答复，请督办',
  'notifications.kind.meeting.followup': '“{event}”已过三个月：与{org}的洽谈是否达成融资？请回答',
  'notifications.kind.problem.replied': '您的问题诉求 {code} 已有答复，请评价并确认销号',
  'notifications.kind.list.pushed': '推荐清单“{title}”（{firms} 家企业）已推送给贵行，请于 {due} 前逐户反馈走访和授信情况',
  'notifications.kind.account.loginAttack':
    '有人用错误的密码尝试登录您的账号（1 小时内 {failures} 次，最近一次来自 IP {ip}），该来源已被限制。如非本人操作，请修改密码并查看登录设备',
  'notifications.kind.org.changeApproved': '机构信息变更已审核通过，现对外显示为“{name}”',
  'notifications.kind.org.changeRejected': '机构信息变更（“{name}”）未通过审核，原因：{reason}。对外仍显示原信息',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.notifications': 'Notifications',
  'notifications.title': 'Notifications',
  'notifications.subtitle': 'News about your organization, newest first.',
  'notifications.empty': 'No notifications',
  'notifications.unread': '{n} unread',
  'notifications.unreadBadge': '{n} unread notifications',
  'notifications.new': 'New',
  'notifications.markRead': 'Mark as read',
  'notifications.markAllRead': 'Mark all as read',
  'notifications.open': 'Open',
  'notifications.flash.allRead': 'All notifications marked as read',
  'notifications.kind.interest.new': '{bank} expressed interest in your need “{need}”',
  'notifications.kind.interest.accepted': '{enterprise} accepted your interest in “{need}”; the contact details are now visible',
  'notifications.kind.interest.declined': '{enterprise} declined your interest in “{need}”',
  'notifications.kind.interest.withdrawn': '{bank} withdrew its interest in “{need}”',
  'notifications.kind.agreement.proposed':
    '{counterpart} proposed a letter of intent for {amount} × 10,000 yuan; please confirm or decline it',
  'notifications.kind.agreement.proposed.withNo':
    '{counterpart} proposed letter of intent {documentNo} for {amount} × 10,000 yuan; please confirm or decline it',
  'notifications.kind.agreement.confirmed': 'The letter of intent with {counterpart} ({amount} × 10,000 yuan) was confirmed',
  'notifications.kind.agreement.confirmed.withNo':
    'Letter of intent {documentNo} with {counterpart} ({amount} × 10,000 yuan) was confirmed',
  'notifications.kind.agreement.declined': 'The letter of intent with {counterpart} ({amount} × 10,000 yuan) was declined: {reason}',
  'notifications.kind.agreement.declined.withNo':
    'Letter of intent {documentNo} with {counterpart} ({amount} × 10,000 yuan) was declined: {reason}',
  'notifications.kind.agreement.terminated': 'The letter of intent with {counterpart} ({amount} × 10,000 yuan) was terminated: {reason}',
  'notifications.kind.agreement.terminated.withNo':
    'Letter of intent {documentNo} with {counterpart} ({amount} × 10,000 yuan) was terminated: {reason}',
  'notifications.kind.problem.assigned': 'An enterprise’s problem was assigned to you: close it by {due}',
  'notifications.kind.problem.reopened': 'An enterprise reopened a problem after your reply; the clock restarted: close it by {due}',
  'notifications.kind.problem.overdue': 'A problem is past its deadline ({due}): please follow it up',
  'notifications.kind.dispatch.assigned':
    '{n} financing needs nobody answered were dispatched to your bank: express interest or give a reason within the deadline',
  'notifications.kind.dispatch.silent': '{n} dispatched needs were not answered by their bank in time: please follow them up',
  'notifications.kind.meeting.followup': '“{event}” was three months ago: did financing come of your meeting with {org}? Please answer',
  'notifications.kind.problem.replied': 'Your problem {code} has a reply: please rate it and confirm it is closed',
  'notifications.kind.list.pushed':
    'The recommended list “{title}” ({firms} enterprises) was pushed to your bank: answer for each by {due}',
  'notifications.kind.account.loginAttack':
    'Someone tried to sign in to your account with wrong passwords ({failures} times within an hour, most recently from IP {ip}); that source is now held back. If it was not you, change your password and check your signed-in devices',
  'notifications.kind.org.changeApproved': 'The change of your organization’s details was approved; it is now shown as “{name}”',
  'notifications.kind.org.changeRejected':
    'The change of your organization’s details (“{name}”) was rejected: {reason}. The previous details are still shown',
};
