import { parseWithZod } from '@conform-to/zod';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventEditSchema, eventFormSchema, InviteSchema, normalizeTime, RepresentativeSchema, type EventFormOptions } from './schema';

const TODAY = '2026-11-26';
const known = (c: string) => ['410000', '410400', '410481', '410100', '410102'].includes(c);

const BASE: Record<string, string> = {
  title: '2026年平顶山市政银企对接会（科技企业专场）',
  theme: '科技企业专场',
  eventDate: '2026-12-10',
  startTime: '09:00',
  venue: '平顶山市会展中心',
  regionCode: '410400',
  capacity: '100',
  registrationDeadline: '2026-12-05',
  slotCount: '6',
  slotMinutes: '20',
  tableCount: '10',
  firstSlotTime: '10:00',
};

function parse(fields: Record<string, string | undefined>, opts: EventFormOptions = {}, edit = false) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...BASE, ...fields })) if (v !== undefined) fd.append(k, v);
  const o = { isKnownRegion: known, scope: '410400', today: TODAY, ...opts };
  return parseWithZod(fd, { schema: edit ? eventEditSchema(o) : eventFormSchema(o) });
}

const errorsOf = (fields: Record<string, string | undefined>, opts?: EventFormOptions) => parse(fields, opts).reply().error ?? {};

describe('event form schema', () => {
  it('accepts a valid event and normalises times, numbers and the agenda', () => {
    const r = parse({
      startTime: '9:00',
      'agenda[0].startsAt': '09:30',
      'agenda[0].title': '产品推介',
      'agenda[1].startsAt': '09:00',
      'agenda[1].title': '致辞',
      'agenda[1].speaker': '市金融局',
      'agenda[2].title': '',
    });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toMatchObject({
      startTime: '09:00',
      capacity: 100,
      slotCount: 6,
      slotMinutes: 20,
      tableCount: 10,
      regionCode: '410400',
    });
    // sorted by time; the empty row is dropped; an empty speaker is null
    expect(r.value.agenda).toEqual([
      { startsAt: '09:00', title: '致辞', speaker: '市金融局' },
      { startsAt: '09:30', title: '产品推介', speaker: null },
    ]);
  });

  it('refuses a date in the past, but an edit may keep the stored one', () => {
    expect(errorsOf({ eventDate: '2026-11-25', registrationDeadline: '2026-11-25' })).toMatchObject({ eventDate: ['events.v.datePast'] });
    expect(parse({ eventDate: '2026-11-26', registrationDeadline: '2026-11-26' }).status).toBe('success');
    const kept = parse(
      { eventDate: '2026-11-20', registrationDeadline: '2026-11-18' },
      { keep: { eventDate: '2026-11-20', registrationDeadline: '2026-11-18' } },
    );
    expect(kept.status).toBe('success');
  });

  it('refuses a deadline after the date or in the past, and malformed dates', () => {
    expect(errorsOf({ registrationDeadline: '2026-12-11' })).toMatchObject({ registrationDeadline: ['events.v.deadlineAfterDate'] });
    expect(errorsOf({ registrationDeadline: '2026-11-01' })).toMatchObject({ registrationDeadline: ['events.v.deadlinePast'] });
    expect(errorsOf({ eventDate: '2026-02-30' })).toMatchObject({ eventDate: ['events.v.date'] });
    expect(errorsOf({ eventDate: '' })).toMatchObject({ eventDate: ['v.required'] });
    expect(errorsOf({ eventDate: '2030-01-01', registrationDeadline: '2029-12-01' }).eventDate?.[0]).toMatch(/^events\.v\.dateTooFar/);
  });

  it('requires the meeting grid to fit in the day and to start no earlier than the event', () => {
    // 18:00 + 20 × 20 min = 24:40
    const e = errorsOf({ firstSlotTime: '18:00', slotCount: '20' });
    expect(e.slotCount?.[0]).toMatch(/^events\.v\.gridTooLong/);
    expect(e.slotCount?.[0]).toContain('"max":18');
    expect(parse({ firstSlotTime: '18:00', slotCount: '18' }).status).toBe('success');
    expect(errorsOf({ firstSlotTime: '08:30' })).toMatchObject({ firstSlotTime: ['events.v.slotsBeforeStart'] });
    expect(errorsOf({ slotMinutes: '3' }).slotMinutes?.[0]).toMatch(/^v\.range/);
    expect(errorsOf({ tableCount: '0' }).tableCount?.[0]).toMatch(/^v\.range/);
    expect(errorsOf({ capacity: 'many' })).toMatchObject({ capacity: ['v.int'] });
  });

  it('keeps giving field errors when several fields are malformed at once', () => {
    const e = errorsOf({ firstSlotTime: '25:00', startTime: 'noon', eventDate: 'tomorrow', slotCount: '' });
    expect(e).toMatchObject({
      firstSlotTime: ['events.v.time'],
      startTime: ['events.v.time'],
      eventDate: ['events.v.date'],
      slotCount: ['v.required'],
    });
  });

  it('checks the region against the list and the organizer’s own region', () => {
    expect(errorsOf({ regionCode: '999999' })).toMatchObject({ regionCode: ['v.region'] });
    expect(errorsOf({ regionCode: '410100' })).toMatchObject({ regionCode: ['v.regionOutOfScope'] });
    expect(parse({ regionCode: '410481' }).status).toBe('success');
    expect(parse({ regionCode: '410100' }, { scope: '410000' }).status).toBe('success');
  });

  it('requires time and title in a filled agenda row', () => {
    const e = errorsOf({ 'agenda[0].speaker': '张明', 'agenda[1].startsAt': '9点', 'agenda[1].title': '致辞' });
    expect(e).toMatchObject({
      'agenda[0].startsAt': ['v.required'],
      'agenda[0].title': ['v.required'],
      'agenda[1].startsAt': ['events.v.time'],
    });
  });

  it('needs the version on edit', () => {
    expect(parse({ intent: 'save' }, {}, true).reply().error).toMatchObject({ version: ['v.required'] });
    expect(parse({ intent: 'save', version: '3' }, {}, true).status).toBe('success');
  });

  it('normalises any valid time and refuses everything else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        const want = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        return normalizeTime(`${h}:${String(m).padStart(2, '0')}`) === want && normalizeTime(`${want}:00`) === want;
      }),
    );
    for (const bad of ['24:00', '12:60', '1200', '12:5', '', 'ab:cd', '12:00:30']) expect(normalizeTime(bad), bad).toBeNull();
  });
});

describe('representative and invitation schemas', () => {
  const rep = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ intent: 'addRep', name: '李红梅', title: '总经理', phone: '13937500002', ...fields }))
      fd.append(k, v);
    return parseWithZod(fd, { schema: RepresentativeSchema });
  };

  it('validates the mobile phone and normalises +86 and spaces', () => {
    const ok = rep({ phone: '+86 139 3750 0002' });
    expect(ok.status).toBe('success');
    if (ok.status === 'success') expect(ok.value.phone).toBe('13937500002');
    expect(rep({ phone: '0375-1234567' }).reply().error).toMatchObject({ phone: ['v.phone'] });
    expect(rep({ name: '' }).reply().error).toMatchObject({ name: ['v.required'] });
  });

  it('needs at least one organization to invite', () => {
    const fd = new FormData();
    fd.append('intent', 'invite');
    expect(parseWithZod(fd, { schema: InviteSchema }).reply().error).toMatchObject({ orgIds: ['events.v.pickOrgs'] });
    fd.append('orgIds', 'a');
    fd.append('orgIds', 'b');
    const r = parseWithZod(fd, { schema: InviteSchema });
    expect(r.status === 'success' && r.value.orgIds).toEqual(['a', 'b']);
  });
});
