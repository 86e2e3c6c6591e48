/**
 * `npm run bench:roster`: the roster exports of a large matchmaking session.
 *
 * Builds, in a temporary SQLite database, a session of 1,000 representatives from
 * 400 organizations (60 banks, 320 enterprises, 20 government departments), every
 * enterprise with an open financing need and a third with a hiring need, an agenda
 * and a full 10-slot × 36-table meeting schedule. Then times, in this process:
 *   - loading the organizer's roster from the database (loadOrganizerRoster),
 *   - the PDF (renderRosterPdf): first run after the modules are loaded, then warm,
 *   - the XLSX (renderRosterXlsx), first and warm,
 *   - the CSV;
 * and once more the PDF on the server's worker thread, measuring how late the main
 * event loop's 20 ms timer fires meanwhile (the server keeps answering).
 *
 * Last line (machine-readable):
 *   bench:roster pdf_s=<first run> pdf_mb=<size> pages=<n> xlsx_s=<first run>
 * Targets: PDF ≤ 5 s and ≤ 3 MB, XLSX ≤ 2 s.
 *
 * `createRosterSession` is also used by the integration tests to build the same
 * session over HTTP-served databases (SQLite or PostgreSQL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database, ParticipantRole } from '../../db/schema';

const SURNAMES = Array.from(
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
);
const GIVEN = Array.from(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞鑫宇浩然轩欣怡涵晨阳思远佳琪雨泽博文俊建国志海东辉林',
);
const TITLES = [
  '总经理',
  '副总经理',
  '财务总监',
  '财务经理',
  '行长',
  '副行长',
  '客户经理',
  '公司业务部经理',
  '科长',
  '副局长',
  '人力资源主管',
  '董事长',
];
const DISTRICTS = ['新华区', '卫东区', '湛河区', '石龙区', '舞钢市', '汝州市', '宝丰县', '叶县', '鲁山县', '郏县'];
const BRANDS = Array.from('龙山恒达宏图华鑫中原鹰城瑞丰金源天成永安信诚');
const TRADES = ['纺织', '机械', '建材', '食品', '化工', '电子', '物流', '医药', '新能源', '耐材'];
const BANKS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '中原银行',
  '平顶山银行',
  '郑州银行',
  '兴业银行',
  '中信银行',
  '浦发银行',
];
const BRANCHES = ['分行', '新华支行', '卫东支行', '湛河支行', '石龙支行', '舞钢支行'];
const DEPTS = [
  '金融工作局',
  '工业和信息化局',
  '人力资源和社会保障局',
  '财政局',
  '发展和改革委员会',
  '商务局',
  '科学技术局',
  '市场监督管理局',
  '税务局',
  '中小企业服务中心',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const newToken = () => crypto.randomBytes(12).toString('base64url');

export interface RosterSessionSize {
  organizations: number;
  representatives: number;
  slots: number;
  tables: number;
}

export const ISSUE_SIZE: RosterSessionSize = { organizations: 400, representatives: 1000, slots: 10, tables: 36 };

export interface RosterSession {
  eventId: string;
  title: string;
  orgs: { id: string; name: string; role: ParticipantRole; token: string }[];
  reps: { id: string; orgId: string; name: string; title: string; phone: string }[];
  /** 元, the attending enterprises' open financing needs */
  amounts: number[];
  meetings: number;
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 100) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Inserts a session with its organizations, representatives, needs, agenda and a
 * schedule directly into `db` (no app code). `region` must lie within the organizer's.
 */
export async function createRosterSession(
  db: Kysely<Database>,
  opts: { organizerId: string; region?: string; size?: RosterSessionSize; seed?: number; title?: string },
): Promise<RosterSession> {
  const size = opts.size ?? ISSUE_SIZE;
  const region = opts.region ?? '410400';
  const random = rng(opts.seed ?? 20261126);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const tag = crypto.randomBytes(3).toString('hex');
  const id = (prefix: string, n: number) => `${prefix}${tag}${String(n).padStart(16 - prefix.length - tag.length, '0')}`;
  const now = new Date().toISOString();
  const eventId = id('rse', 0);
  const title = opts.title ?? `平顶山市政银企对接洽谈会（名册测试${tag}）`;

  await db
    .insertInto('events')
    .values({
      id: eventId,
      region_code: region,
      created_by: opts.organizerId,
      title,
      theme: '金融助企 共促发展',
      event_date: '2026-12-18',
      start_time: '09:00',
      venue: '平顶山市会展中心一号厅',
      capacity: size.representatives + 100,
      registration_deadline: '2026-12-10',
      open_registration: 0,
      slot_count: size.slots,
      slot_minutes: 20,
      table_count: size.tables,
      first_slot_time: '10:00',
      description: null,
      status: 'scheduled',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('event_agenda_items')
    .values(
      [
        ['09:00', '签到入场', null],
        ['09:30', '领导致辞', '市金融工作局'],
        ['09:45', '金融产品推介', '各参会银行'],
        ['10:00', '一对一洽谈', null],
        ['11:30', '集中签约仪式', '市政府'],
      ].map(([startsAt, itemTitle, speaker], i) => ({
        id: id('rsa', i),
        event_id: eventId,
        starts_at: startsAt!,
        title: itemTitle!,
        speaker,
        sort_order: i,
      })),
    )
    .execute();

  // organizations: 15 % banks, 80 % enterprises, 5 % government
  const banks = Math.max(1, Math.round(size.organizations * 0.15));
  const govs = Math.max(1, Math.round(size.organizations * 0.05));
  const names = new Set<string>();
  const unique = (make: () => string) => {
    for (let k = 0; ; k++) {
      const n = k < 20 ? make() : `${make()}${k}`;
      if (!names.has(n)) {
        names.add(n);
        return n;
      }
    }
  };
  const orgs: RosterSession['orgs'] = [];
  for (let i = 0; i < size.organizations; i++) {
    const role: ParticipantRole = i < banks ? 'bank' : i < size.organizations - govs ? 'enterprise' : 'government';
    const name =
      role === 'bank'
        ? unique(() => `${pick(BANKS)}平顶山${pick(BRANCHES)}`)
        : role === 'government'
          ? unique(() => `平顶山市${pick(DEPTS)}`)
          : unique(() => `平顶山市${pick(DISTRICTS)}${pick(BRANDS)}${pick(BRANDS)}${pick(TRADES)}有限公司`);
    orgs.push({ id: id('rso', i), name, role, token: newToken() });
  }
  await insertChunks(orgs, (chunk) =>
    db
      .insertInto('organizations')
      .values(
        chunk.map((o) => ({
          id: o.id,
          kind: o.role,
          name: o.name,
          status: 'verified' as const,
          status_reason: null,
          status_changed_by: null,
          status_changed_at: null,
          credit_code: null,
          region_code: region,
          industry: o.role === 'enterprise' ? 'C' : null,
          size: o.role === 'enterprise' ? 'small' : null,
          founded_year: o.role === 'enterprise' ? 2012 : null,
          registered_capital: null,
          employees: null,
          annual_revenue: null,
          bank_type: o.role === 'bank' ? 'state' : null,
          branch_level: null,
          contact_name: '联系人',
          contact_phone: '13800000000',
          contact_email: null,
          description: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute(),
  );
  await insertChunks(orgs, (chunk) =>
    db
      .insertInto('event_participants')
      .values(
        chunk.map((o, k) => ({
          id: `p${o.id.slice(1)}`,
          event_id: eventId,
          organization_id: o.id,
          role: o.role,
          status: k % 7 === 3 ? ('registered' as const) : ('accepted' as const),
          invited_by: opts.organizerId,
          responded_by: null,
          responded_at: now,
          checkin_token: o.token,
          created_at: now,
        })),
      )
      .execute(),
  );

  // representatives: everyone at least one, the rest spread over banks and enterprises
  const repNames = new Set<string>();
  const reps: RosterSession['reps'] = [];
  const orgOf = (k: number) => (k < orgs.length ? orgs[k] : orgs[Math.floor(random() * (orgs.length - govs))]);
  for (let k = 0; k < size.representatives; k++) {
    const org = orgOf(k);
    let name = '';
    do name = `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.6 ? pick(GIVEN) : ''}`;
    while (repNames.has(name));
    repNames.add(name);
    reps.push({
      id: id('rsr', k),
      orgId: org.id,
      name,
      title: pick(TITLES),
      phone: `139${String(20_000_000 + k * 7 + Math.floor(random() * 7)).padStart(8, '0')}`,
    });
  }
  await insertChunks(reps, (chunk) =>
    db
      .insertInto('event_representatives')
      .values(
        chunk.map((r, k) => ({
          id: r.id,
          event_id: eventId,
          participant_id: `p${r.orgId.slice(1)}`,
          organization_id: r.orgId,
          name: r.name,
          title: r.title,
          phone: r.phone,
          checked_in_at: null,
          checked_in_by: null,
          created_at: new Date(Date.parse(now) + k).toISOString(),
        })),
      )
      .execute(),
  );

  // needs: one financing need per enterprise (50–5,000 万元, whole 万), a hiring need for every third
  const enterprises = orgs.filter((o) => o.role === 'enterprise');
  const amounts: number[] = [];
  const financing = enterprises.map((o, k) => {
    const amount = (50 + Math.floor(random() * 4950)) * 10_000;
    amounts.push(amount);
    return {
      id: id('rsf', k),
      organization_id: o.id,
      title: `${pick(['流动资金', '设备购置', '技术改造', '厂房建设', '原料采购'])}融资需求`,
      amount,
      term_months: pick([6, 12, 24, 36]),
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status: 'published' as const,
      region_code: region,
      search_text: o.name,
      published_at: now,
      closed_at: null,
      status_reason: null,
      created_at: now,
      updated_at: now,
    };
  });
  await insertChunks(financing, (chunk) => db.insertInto('financing_needs').values(chunk).execute());
  const hiring = enterprises.filter((_, k) => k % 3 === 0).map((o, k) => ({ id: id('rsh', k), org: o }));
  await insertChunks(hiring, (chunk) =>
    db
      .insertInto('hiring_needs')
      .values(
        chunk.map((h) => ({
          id: h.id,
          organization_id: h.org.id,
          title: '招聘生产一线员工',
          description: null,
          training_support: 0,
          total_headcount: 12,
          wanted_by: null,
          status: 'published' as const,
          region_code: region,
          search_text: h.org.name,
          published_at: now,
          closed_at: null,
          status_reason: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute(),
  );
  await insertChunks(
    hiring.flatMap((h, k) => [
      {
        id: id('rsq', 2 * k),
        hiring_need_id: h.id,
        title: '挡车工',
        headcount: 8,
        wage_min: 4000,
        wage_max: 6000,
        skills: null,
        sort_order: 0,
      },
      {
        id: id('rsq', 2 * k + 1),
        hiring_need_id: h.id,
        title: '机修工',
        headcount: 4,
        wage_min: 5000,
        wage_max: 7000,
        skills: null,
        sort_order: 1,
      },
    ]),
    (chunk) => db.insertInto('hiring_positions').values(chunk).execute(),
  );

  // schedule: fill the slots × tables grid with distinct enterprise–bank pairs, nobody twice in a slot
  const bankOrgs = orgs.filter((o) => o.role === 'bank');
  const requests: { id: string; e: string; b: string; slot: number; table: number }[] = [];
  const pairs = new Set<string>();
  for (let s = 0; s < size.slots; s++) {
    const busy = new Set<string>();
    for (let t = 0; t < size.tables; t++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const e = pick(enterprises).id;
        const b = bankOrgs.length > size.tables ? pick(bankOrgs).id : bankOrgs[(t + s) % bankOrgs.length].id;
        if (busy.has(e) || busy.has(b) || pairs.has(`${e}:${b}`)) continue;
        busy.add(e);
        busy.add(b);
        pairs.add(`${e}:${b}`);
        requests.push({ id: id('rsm', requests.length), e, b, slot: s, table: t });
        break;
      }
    }
  }
  await insertChunks(requests, (chunk) =>
    db
      .insertInto('meeting_requests')
      .values(
        chunk.map((r) => ({
          id: r.id,
          event_id: eventId,
          enterprise_org_id: r.e,
          bank_org_id: r.b,
          requested_by_org_id: r.e,
          requested_by_user_id: opts.organizerId,
          message: null,
          reasons: '[]',
          status: 'accepted' as const,
          responded_by: null,
          responded_at: now,
          created_at: now,
        })),
      )
      .execute(),
  );
  await insertChunks(requests, (chunk) =>
    db
      .insertInto('meeting_placements')
      .values(chunk.map((r) => ({ request_id: r.id, event_id: eventId, slot: r.slot, table_no: r.table, manual: 0, placed_at: now })))
      .execute(),
  );
  return { eventId, title, orgs, reps, amounts, meetings: requests.length };
}

/* ------------------------------------------------------------------ bench */

async function main() {
  const { createDatabase } = await import('../../db/connection');
  const { migrateToLatest } = await import('../../db/migrate');
  const { loadOrganizerRoster } = await import('../../app/modules/events/roster.server');
  const { renderRosterPdf } = await import('../../app/modules/events/roster-pdf');
  const { renderRosterXlsx } = await import('../../app/modules/events/roster-xlsx');
  const { rosterCsv } = await import('../../app/modules/events/roster-csv');
  const { renderRosterPdfOffThread } = await import('../../app/modules/events/roster-worker.server');
  const { makeTranslator } = await import('../../app/i18n/translate');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-roster-'));
  const { db } = await createDatabase(`file:${path.join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db);
    const organizerId = 'benchorganizer01';
    const now = new Date().toISOString();
    await db
      .insertInto('users')
      .values({
        id: organizerId,
        email: 'bench@finmatch.test',
        name: '基准',
        phone: '13800000000',
        password_hash: 'x',
        role: 'organizer',
        organization_id: null,
        region_code: '410400',
        created_at: now,
        updated_at: now,
      })
      .execute();
    let t0 = performance.now();
    const session = await createRosterSession(db, { organizerId });
    const buildS = (performance.now() - t0) / 1000;
    const t = makeTranslator('zh-CN');
    const origin = 'https://finmatch.example.cn';

    t0 = performance.now();
    const roster = (await loadOrganizerRoster(db, session.eventId))!;
    const loadS = (performance.now() - t0) / 1000;
    const reps = roster.organizations.reduce((n, o) => n + o.representatives.length, 0);

    /** wall-clock seconds, and this process's CPU seconds (user + system) in `cpu` */
    const cpu: Record<string, number> = {};
    const time = async <T>(f: () => Promise<T>, label?: string): Promise<[T, number]> => {
      const c = process.cpuUsage();
      const s = performance.now();
      const r = await f();
      const used = process.cpuUsage(c);
      if (label) cpu[label] = (used.user + used.system) / 1e6;
      return [r, (performance.now() - s) / 1000];
    };
    const [pdf, pdfS] = await time(() => renderRosterPdf(roster, { t, origin }), 'pdf');
    const [, pdfWarmS] = await time(() => renderRosterPdf(roster, { t, origin }), 'pdfWarm');
    const [xlsx, xlsxS] = await time(() => renderRosterXlsx(roster, t), 'xlsx');
    const [, xlsxWarmS] = await time(() => renderRosterXlsx(roster, t), 'xlsxWarm');
    const [csv, csvS] = await time(async () => rosterCsv(roster, t));

    // the same PDF on the worker thread, while a 20 ms timer measures the main loop's lag
    let maxLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const n = performance.now();
      maxLag = Math.max(maxLag, n - last - 20);
      last = n;
    }, 20);
    const [, workerS] = await time(() => renderRosterPdfOffThread(roster, 'zh-CN', origin));
    clearInterval(timer);

    const mb = pdf.bytes.byteLength / 1_048_576;
    const f = (x: number, d = 2) => x.toFixed(d);
    console.log(
      `session: ${roster.organizations.length} organizations, ${reps} representatives, ${roster.meetings.length} meetings, ${session.amounts.length} financing needs (built in ${f(buildS)} s)`,
    );
    console.log(`load roster from SQLite: ${f(loadS, 3)} s`);
    console.log(
      `pdf: first ${f(pdfS)} s (CPU ${f(cpu.pdf)} s), warm ${f(pdfWarmS)} s (CPU ${f(cpu.pdfWarm)} s), ${f(mb)} MB, ${pdf.pages} pages`,
    );
    console.log(
      `xlsx: first ${f(xlsxS)} s (CPU ${f(cpu.xlsx)} s), warm ${f(xlsxWarmS)} s (CPU ${f(cpu.xlsxWarm)} s), ${f(xlsx.byteLength / 1_048_576)} MB`,
    );
    console.log(`machine load while measuring (1-min load average on ${os.cpus().length} cores): ${f(os.loadavg()[0])}`);
    console.log(`csv: ${f(csvS, 3)} s, ${f(Buffer.byteLength(csv) / 1024, 0)} KiB`);
    console.log(
      `pdf on the worker thread (cold worker: start, modules, fonts): ${f(workerS)} s; main event loop max lag meanwhile ${f(maxLag, 0)} ms`,
    );
    const verdict = pdfS <= 5 && mb <= 3 && xlsxS <= 2 ? 'within targets' : 'OVER TARGET';
    console.log(`targets: pdf ≤ 5 s and ≤ 3 MB, xlsx ≤ 2 s: ${verdict}`);
    console.log(`bench:roster pdf_s=${f(pdfS)} pdf_mb=${f(mb)} pages=${pdf.pages} xlsx_s=${f(xlsxS)}`);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
