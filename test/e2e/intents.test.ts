import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { readSheet } from '../../src/spreadsheet/read-sheet.js';
import { writeSheet } from '../../src/spreadsheet/write-sheet.js';
import { IntentStageChange } from '../../src/intents/intent-stage-change.entity.js';
import { Database } from '../../src/database/database.service.js';
import { Browser, multipartBody } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { anEvent } from '../support/factories.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { part, zipArchive } from '../support/zip.js';

type Json = Record<string, unknown> & { id: number };
interface Problem {
  field: string;
  reason: string;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(64)]);
const DOCX = zipArchive([
  part('[Content_Types].xml', '<?xml version="1.0"?><Types/>'),
  part('word/document.xml', '<?xml version="1.0"?><w:document/>'),
]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe(`cooperation intents: API and console (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let staff: { authorization: string };
  const ids = { series: 0, a: 0, b: 0, other: 0 };

  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = auth) => {
    const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<Json & { fields?: Problem[]; items?: Json[] }>() };
  };
  const parties = (a: string, b: string) => [
    { organisation: a, contactName: `${a}联系人`, contactEmail: `${a.length}.${b.length}@parties.example.cn` },
    { organisation: b },
  ];
  const create = async (more: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/intents', {
      title: '变速恒频技术改造合作',
      kind: 'joint_development',
      parties: parties('四川恒麓电气科技有限公司', '雅安城市建设投资开发有限公司'),
      ...more,
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const stage = (id: number, payload: object) => api('POST', `/api/intents/${id}/stage`, payload);

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    const series = await api('POST', '/api/series', { slug: 'hutong', name: '互通互信 共建共享' });
    ids.series = series.body.id;
    ids.a = (await anEvent(t, { seriesId: ids.series, edition: 18 })).id;
    ids.b = (await anEvent(t, { seriesId: ids.series, edition: 19 })).id;
    ids.other = (await anEvent(t)).id;
    staff = await staffLogin(t, 'door@intents.example.cn', [ids.a]);
  });
  afterAll(async () => t?.close());

  it("carries the event's series in GET /api/events/:id", async () => {
    const { body } = await api('GET', `/api/events/${ids.a}`);
    expect(body.seriesId).toBe(ids.series);
    expect((body.series as { id: number }).id).toBe(ids.series);
  });

  describe('access', () => {
    it.each([
      ['GET', '/api/intents'],
      ['POST', '/api/intents'],
      ['GET', '/api/intents/1'],
      ['POST', '/api/intents/1/stage'],
      ['POST', '/api/intents/owner'],
      ['GET', '/api/intents/export'],
      ['PUT', '/api/intents/settings'],
    ] as const)('%s %s: 401 without credentials, 403 for staff', async (method, url) => {
      expect((await t.app.inject({ method, url, payload: {} })).statusCode).toBe(401);
      expect((await t.app.inject({ method, url, headers: staff, payload: {} })).statusCode).toBe(403);
    });
  });

  describe('creating', () => {
    it('records parties through the directory, the owner, the first history entry', async () => {
      const intent = await create({
        eventId: ids.a,
        valueWan: 300,
        category: 'new_energy',
        city: '雅安',
        subjectText: '两座小水电站试点',
        owner: { organisation: '雅安市委融办', contactName: '李娜', contactEmail: 'lina@yaan.example.gov.cn' },
        nextFollowUpOn: '2031-05-01',
        note: '自由洽谈达成',
      });
      expect(intent).toMatchObject({
        stage: 'intent',
        eventId: ids.a,
        valueWan: 300,
        category: 'new_energy',
        city: '雅安',
        nextFollowUpOn: '2031-05-01',
        source: { kind: 'api', id: null },
        owner: {
          kind: 'organisation',
          name: '雅安市委融办',
          contact: { name: '李娜', email: 'lina@yaan.example.gov.cn' },
        },
      });
      expect(
        (intent.parties as { organisation: string; contact: { name: string } | null }[]).map((p) => [
          p.organisation,
          p.contact?.name ?? null,
        ]),
      ).toEqual([
        ['四川恒麓电气科技有限公司', '四川恒麓电气科技有限公司联系人'],
        ['雅安城市建设投资开发有限公司', null],
      ]);
      expect(intent.history).toEqual([
        expect.objectContaining({ from: null, to: 'intent', actor: 'user:1', note: '自由洽谈达成', correctsId: null }),
      ]);
      // The same organisation named again is the same directory record.
      const again = await create();
      expect((again.parties as { organisationId: number }[])[0].organisationId).toBe(
        (intent.parties as { organisationId: number }[])[0].organisationId,
      );
    });

    it.each([
      [
        'one party',
        { parties: [{ organisation: '甲' }] },
        [{ field: 'parties', reason: 'an intent has at least two parties' }],
      ],
      [
        'a party twice',
        { parties: [{ organisation: '甲公司' }, { organisation: ' 甲公司 ' }] },
        [{ field: 'parties.1.organisation', reason: 'the same organisation is named twice' }],
      ],
      [
        'an unknown kind',
        { kind: 'gift' },
        [{ field: 'kind', reason: expect.stringContaining('kind must be one of') }],
      ],
      [
        'a bad date',
        { nextFollowUpOn: '2031-02-30' },
        [{ field: 'nextFollowUpOn', reason: 'must be a date (YYYY-MM-DD)' }],
      ],
      [
        'an unknown category',
        { category: 'cooking' },
        [{ field: 'category', reason: 'no such category (use a category code, e.g. new_energy)' }],
      ],
      ['an unknown event', { eventId: 99999 }, [{ field: 'eventId', reason: 'no such event' }]],
      [
        'an owner office without a contact',
        { owner: { organisation: '德阳市委融办' } },
        [{ field: 'owner.contactName', reason: 'an organisation as owner needs a contact person' }],
      ],
      [
        'an owner that is both',
        { owner: { userId: 1, organisation: '德阳市委融办' } },
        [{ field: 'owner', reason: 'the owner is an organiser account or an organisation, not both' }],
      ],
      [
        'a subject without its id',
        { subjectKind: 'achievement' },
        [{ field: 'subjectId', reason: 'say which achievement the intent is about' }],
      ],
      ['a negative value', { valueWan: -5 }, [{ field: 'valueWan', reason: 'must not be negative' }]],
    ])('refuses %s with 400 naming the field and the reason', async (_what, more, fields) => {
      const before = (await api('GET', '/api/intents')).body.total;
      const res = await api('POST', '/api/intents', {
        title: '试验',
        kind: 'order',
        parties: parties('甲方单位', '乙方单位'),
        ...more,
      });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual(fields);
      expect((await api('GET', '/api/intents')).body.total).toBe(before);
    });
  });

  describe('stages', () => {
    it('follows the rules: landed needs place and date, dropped a reason, moving back is a correction with a note', async () => {
      const { id } = await create({ eventId: ids.a });
      const refused = async (payload: object) => {
        const res = await stage(id, payload);
        expect(res.status).toBe(400);
        return res.body.fields;
      };
      expect(await refused({ stage: 'intent' })).toEqual([
        { field: 'stage', reason: 'the intent is already at intent' },
      ]);
      expect(await refused({ stage: 'landed' })).toEqual([
        { field: 'landedPlace', reason: 'say where the project landed' },
        { field: 'landedOn', reason: 'say when the project landed' },
      ]);
      expect(await refused({ stage: 'dropped' })).toEqual([
        { field: 'droppedReason', reason: 'choose why it was dropped' },
      ]);
      expect(await refused({ stage: 'dropped', droppedReason: 'bored' })).toEqual([
        { field: 'droppedReason', reason: expect.stringContaining('droppedReason must be one of') },
      ]);
      expect((await stage(id, { stage: 'negotiating', note: '技术方案评审通过' })).status).toBe(200);
      expect(await refused({ stage: 'intent' })).toEqual([
        { field: 'correction', reason: 'moving back is a correction: mark it as one' },
        { field: 'note', reason: 'say what is being corrected' },
      ]);
      expect((await stage(id, { stage: 'signed', note: '签约' })).status).toBe(200);
      const landed = await stage(id, { stage: 'landed', landedPlace: '雅安', landedOn: '2031-06-01', note: '投产' });
      expect(landed.status).toBe(200);
      expect(landed.body).toMatchObject({ stage: 'landed', landedPlace: '雅安', landedOn: '2031-06-01' });
      expect(await refused({ stage: 'dropped', droppedReason: 'other' })).toEqual([
        { field: 'stage', reason: 'a landed intent is finished: correct it first if it was not landed' },
      ]);
      const corrected = await stage(id, { stage: 'signed', correction: true, note: '尚未投产，更正' });
      expect(corrected.status).toBe(200);
      const history = corrected.body.history as {
        id: number;
        from: string;
        to: string;
        correctsId: number | null;
        details: object | null;
      }[];
      expect(history.map((h) => [h.from, h.to, h.correctsId])).toEqual([
        [null, 'intent', null],
        ['intent', 'negotiating', null],
        ['negotiating', 'signed', null],
        ['signed', 'landed', null],
        ['landed', 'signed', history[3].id],
      ]);
      expect(history[3].details).toEqual({ landedPlace: '雅安', landedOn: '2031-06-01' });
      expect(corrected.body).toMatchObject({
        stage: 'signed',
        landedPlace: null,
        reached: { rank: 2, landedAt: null },
      });
      const dropped = await stage(id, {
        stage: 'dropped',
        droppedReason: 'partner_withdrew',
        droppedNote: '对方资金链问题',
      });
      expect(dropped.body).toMatchObject({
        stage: 'dropped',
        droppedReason: 'partner_withdrew',
        droppedNote: '对方资金链问题',
      });
      expect(await refused({ stage: 'negotiating' })).toEqual([
        { field: 'note', reason: 'say why the intent is reopened' },
      ]);
      expect((await stage(id, { stage: 'negotiating', note: '对方恢复洽谈' })).body.stage).toBe('negotiating');
      expect((await stage(99999, { stage: 'negotiating' })).status).toBe(404);
    });

    it('keeps the history append-only: earlier entries never change, and no code path updates or deletes them', async () => {
      const { id } = await create();
      await stage(id, { stage: 'negotiating', note: '第一次' });
      const before = (await api('GET', `/api/intents/${id}`)).body.history as object[];
      await stage(id, { stage: 'intent', correction: true, note: '更正' });
      await stage(id, { stage: 'signed', note: '签约' });
      await api('PATCH', `/api/intents/${id}`, { title: '改名后的意向', nextFollowUpOn: '2031-07-01' });
      const after = (await api('GET', `/api/intents/${id}`)).body.history as object[];
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after).toHaveLength(4);
      const rows = await t.app.get(Database).manager.countBy(IntentStageChange, { intentId: id });
      expect(rows).toBe(4);

      // Every mention of the history table or entity in the application's code: only inserts and reads.
      const writes = /\b(update|delete|remove|save|softDelete|softRemove|upsert|increment|decrement|restore)\s*\(/;
      const offending: string[] = [];
      for (const file of files(join(PROJECT_ROOT, 'src'))) {
        if (file.includes(`${join('database', 'migrations')}`)) continue;
        for (const [n, line] of readFileSync(file, 'utf8').split('\n').entries()) {
          if (!/IntentStageChange\b|intent_stage_changes/.test(line) || /^\s*(import|\*|\/\/)/.test(line)) continue;
          if (writes.test(line) || /\b(UPDATE|DELETE FROM)\s+"?intent_stage_changes/i.test(line))
            offending.push(`${file}:${n + 1}: ${line.trim()}`);
        }
      }
      expect(offending).toEqual([]);
      const service = readFileSync(join(PROJECT_ROOT, 'src/intents/intents.service.ts'), 'utf8');
      expect(service.match(/em\.insert\(IntentStageChange/g)).toHaveLength(1);
    });
  });

  describe('lists, filters, owners', () => {
    const mark: Record<string, number> = {};
    beforeAll(async () => {
      const office = {
        organisation: '德阳市委融办',
        contactName: '王敏',
        contactEmail: 'wangmin@deyang.example.gov.cn',
      };
      mark.deyang = (
        await create({
          title: 'F德阳',
          eventId: ids.a,
          city: '德阳',
          category: 'equipment',
          owner: office,
          nextFollowUpOn: '2020-01-01',
        })
      ).id;
      mark.meishan = (
        await create({
          title: 'F眉山',
          eventId: ids.b,
          city: '眉山',
          category: 'new_energy',
          owner: { userId: 1 },
          nextFollowUpOn: '2099-01-01',
        })
      ).id;
      mark.other = (await create({ title: 'F其他', eventId: ids.other, city: '德阳', category: 'new_energy' })).id;
      mark.between = (await create({ title: 'F活动间隙', category: 'equipment', nextFollowUpOn: '2020-01-01' })).id;
      await stage(mark.between, { stage: 'dropped', droppedReason: 'no_response' });
    });
    const found = async (query: string) =>
      ((await api('GET', `/api/intents?q=F&pageSize=500&${query}`)).body.items as { id: number }[])
        .map((i) => i.id)
        .sort((a, b) => a - b);

    it.each([
      ['eventId', () => `eventId=${ids.a}`, ['deyang']],
      ['seriesId', () => `seriesId=${ids.series}`, ['deyang', 'meishan']],
      ['city', () => `city=${encodeURIComponent('德阳')}`, ['deyang', 'other']],
      ['category', () => 'category=equipment', ['deyang', 'between']],
      ['owner (user)', () => 'owner=user:1', ['meishan']],
      ['owner none', () => 'owner=none', ['other', 'between']],
      ['stage', () => 'stage=dropped', ['between']],
      ['overdue (open intents only)', () => 'overdue=true', ['deyang']],
    ])('filters by %s', async (_name, query, expected) => {
      expect(await found(query())).toEqual(expected.map((k) => mark[k]).sort((a, b) => a - b));
    });

    it('refuses a filter it cannot read with 400', async () => {
      const res = await api('GET', '/api/intents?owner=boss&pageSize=9999');
      expect(res.status).toBe(400);
      expect(res.body.fields!.map((f) => f.field).sort()).toEqual(['owner', 'pageSize']);
    });

    it('gives many intents one owner at once, all or nothing', async () => {
      const refused = await api('POST', '/api/intents/owner', { ids: [mark.other, 999999], owner: { userId: 1 } });
      expect([refused.status, refused.body.fields]).toEqual([
        400,
        [{ field: 'ids', reason: 'there is no intent 999999' }],
      ]);
      expect(await found('owner=none')).toContain(mark.other);
      const done = await api('POST', '/api/intents/owner', {
        ids: [mark.other, mark.between],
        owner: { organisation: '眉山市委融办', contactName: '陈静', contactEmail: 'chenjing@meishan.example.gov.cn' },
      });
      expect([done.status, done.body]).toEqual([200, { updated: 2 }]);
      const other = (await api('GET', `/api/intents/${mark.other}`)).body;
      expect(other.owner).toMatchObject({ kind: 'organisation', name: '眉山市委融办', contact: { name: '陈静' } });
      expect(await found(`owner=${(other.owner as { key: string }).key}`)).toEqual(
        [mark.other, mark.between].sort((a, b) => a - b),
      );
      await api('POST', '/api/intents/owner', { ids: [mark.other], owner: null });
      expect(await found('owner=none')).toEqual([mark.other]);
    });

    it('edits the owner and the next follow-up date', async () => {
      const res = await api('PATCH', `/api/intents/${mark.other}`, {
        owner: { userId: 1 },
        nextFollowUpOn: '2031-08-01',
      });
      expect(res.body).toMatchObject({ owner: { key: 'user:1', kind: 'user' }, nextFollowUpOn: '2031-08-01' });
      const cleared = await api('PATCH', `/api/intents/${mark.other}`, { nextFollowUpOn: null, owner: null });
      expect(cleared.body).toMatchObject({ owner: null, nextFollowUpOn: null });
      const bad = await api('PATCH', `/api/intents/${mark.other}`, { owner: { userId: 424242 } });
      expect([bad.status, bad.body.fields]).toEqual([
        400,
        [{ field: 'owner.userId', reason: 'no such organiser account' }],
      ]);
    });
  });

  describe('follow-ups and attachments', () => {
    let id = 0;
    beforeAll(async () => {
      id = (await create({ nextFollowUpOn: '2031-01-10' })).id;
    });
    const upload = (fields: Record<string, string>, file?: { filename: string; contentType: string; data: Buffer }) => {
      const body = multipartBody(fields, file ? { file } : {});
      return t.app.inject({
        method: 'POST',
        url: `/api/intents/${id}/follow-ups`,
        headers: { ...auth, 'content-type': body.contentType },
        payload: body.payload,
      });
    };

    it('adds dated notes that may set the next follow-up date', async () => {
      const res = await api('POST', `/api/intents/${id}/follow-ups`, {
        happenedOn: '2031-01-09',
        note: '电话沟通，约定下周现场考察',
        nextFollowUpOn: '2031-01-16',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        happenedOn: '2031-01-09',
        note: '电话沟通，约定下周现场考察',
        actor: 'user:1',
        attachments: [],
      });
      expect((await api('GET', `/api/intents/${id}`)).body.nextFollowUpOn).toBe('2031-01-16');
      const bad = await api('POST', `/api/intents/${id}/follow-ups`, { happenedOn: 'tomorrow', note: '' });
      expect([bad.status, bad.body.fields!.map((f) => f.field).sort()]).toEqual([400, ['happenedOn', 'note']]);
    });

    it.each([
      ['a PDF contract', '合同.pdf', 'application/octet-stream', PDF, 'application/pdf', '合同.pdf'],
      ['a PNG scan', 'licence', 'image/png', PNG, 'image/png', 'licence.png'],
      [
        'a Word document',
        '备忘录.docx',
        'application/msword',
        DOCX,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        '备忘录.docx',
      ],
    ])(
      'keeps %s, typed by its bytes, and gives it back unchanged',
      async (_what, filename, claimed, data, type, stored) => {
        const res = await upload(
          { happenedOn: '2031-01-12', note: '收到文件' },
          { filename, contentType: claimed, data },
        );
        expect(res.statusCode).toBe(201);
        const [attachment] = res.json<{
          attachments: { id: number; filename: string; contentType: string; size: number; url: string }[];
        }>().attachments;
        expect(attachment).toMatchObject({ filename: stored, contentType: type, size: data.length });
        const download = await t.app.inject({ method: 'GET', url: attachment.url, headers: auth });
        expect(download.statusCode).toBe(200);
        expect(download.headers['content-type']).toBe(type);
        expect(download.rawPayload.equals(data)).toBe(true);
        expect((await t.app.inject({ method: 'GET', url: attachment.url })).statusCode).toBe(401);
      },
    );

    it.each([
      [
        'a program named .pdf',
        { filename: 'contract.pdf', contentType: 'application/pdf', data: EXE },
        'only PDF, PNG, JPEG, WebP images and Word .docx files can be attached',
      ],
      [
        'a file over 5 MB',
        {
          filename: 'big.pdf',
          contentType: 'application/pdf',
          data: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]),
        },
        'the file is larger than 5 MB',
      ],
    ])('refuses %s with 400 and keeps nothing', async (_what, file, reason) => {
      const before = ((await api('GET', `/api/intents/${id}/follow-ups`)).body as unknown as object[]).length;
      const res = await upload({ happenedOn: '2031-01-12', note: '附件' }, file);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ fields: Problem[] }>().fields).toEqual([{ field: 'file', reason }]);
      expect(((await api('GET', `/api/intents/${id}/follow-ups`)).body as unknown as object[]).length).toBe(before);
    });
  });

  describe('import and export', () => {
    const sheet = async (rows: Record<string, string>[]) =>
      (
        await writeSheet({
          format: 'xlsx',
          sheetName: '合作意向',
          columns: Object.keys(rows[0]).map((key) => ({ key, label: { zh: key, en: key }, header: key })),
          rows,
        })
      ).body;
    const importFile = (data: Buffer) => {
      const body = multipartBody(
        {},
        { file: { filename: 'intents.xlsx', contentType: 'application/octet-stream', data } },
      );
      return t.app.inject({
        method: 'POST',
        url: '/api/intents/import',
        headers: { ...auth, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const row = (more: Record<string, string> = {}) => ({
      title: '导入的意向',
      kind: '联合开发',
      parties: '清华四川能源互联网研究院；四川恒麓电气科技有限公司',
      contacts: '程远 cheng@tsinghua.example.cn；罗文斌 13800000000',
      event: '',
      category: '新能源',
      city: '雅安',
      valueWan: '300',
      owner: '',
      ownerContact: '',
      nextFollowUpOn: '2031-02-01',
      stage: '',
      landedPlace: '',
      landedOn: '',
      ...more,
    });

    it('reports every problem by row and column and writes nothing', async () => {
      const before = (await api('GET', '/api/intents')).body.total;
      const data = await sheet([
        row(),
        row({ parties: '只有一方', contacts: '', kind: '赠送' }),
        row({ event: 'no-such-event', valueWan: '三百', owner: '德阳市委融办' }),
        row({ stage: '落地', nextFollowUpOn: '2031-02-30' }),
        row({ owner: 'nobody@example.cn', category: '烹饪' }),
      ]);
      const res = await importFile(data);
      expect(res.statusCode).toBe(400);
      const body = res.json<{
        error: string;
        details: { rows: { row: number; column: string; code: string; reason: string }[] };
      }>();
      expect(body.error).toBe('intent_import_invalid');
      expect(body.details.rows.map((p) => [p.row, p.column, p.code])).toEqual([
        [3, 'kind', 'invalid'],
        [3, 'parties', 'invalid'],
        [4, 'event', 'invalid'],
        [4, 'valueWan', 'invalid'],
        [4, 'ownerContact', 'required'],
        [5, 'nextFollowUpOn', 'invalid'],
        [5, 'landedPlace', 'required'],
        [5, 'landedOn', 'required'],
        [6, 'category', 'not_a_category'],
        [6, 'owner', 'invalid'],
      ]);
      expect(body.details.rows.find((p) => p.row === 3 && p.column === 'parties')?.reason).toBe(
        'at least two organisations, separated by ；',
      );
      expect((await api('GET', '/api/intents')).body.total).toBe(before);
    });

    it('imports a good file in one go and exports the filtered list in the same columns', async () => {
      const event = await api('GET', `/api/events/${ids.b}`);
      const data = await sheet([
        row({ title: '导入一', event: String(event.body.slug), owner: ADMIN.email }),
        row({
          title: '导入二',
          event: String(ids.b),
          stage: '落地',
          landedPlace: '雅安',
          landedOn: '2031-01-20',
          owner: '雅安市委融办',
          ownerContact: '李娜 lina@yaan.example.gov.cn',
        }),
      ]);
      const res = await importFile(data);
      expect(res.statusCode).toBe(201);
      const { imported, ids: created } = res.json<{ imported: number; ids: number[] }>();
      expect(imported).toBe(2);
      const second = (await api('GET', `/api/intents/${created[1]}`)).body;
      expect(second).toMatchObject({
        title: '导入二',
        kind: 'joint_development',
        stage: 'landed',
        landedPlace: '雅安',
        category: 'new_energy',
        valueWan: 300,
        source: { kind: 'import', id: null },
        owner: { name: '雅安市委融办', contact: { name: '李娜', email: 'lina@yaan.example.gov.cn' } },
      });
      expect((second.parties as { contact: { name: string; phone: string | null } }[])[1].contact).toMatchObject({
        name: '罗文斌',
        phone: '13800000000',
      });
      const exported = await t.app.inject({
        method: 'GET',
        url: `/api/intents/export?eventId=${ids.b}&city=${encodeURIComponent('雅安')}`,
        headers: auth,
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('spreadsheetml');
      const { intentColumns } = await import('../../src/intents/import/intent-rows.js');
      const read = await readSheet(exported.rawPayload, {
        columns: intentColumns(),
        maxRows: 100,
        maxColumns: 60,
        maxUnpackedBytes: 10_000_000,
      });
      expect(read.problems).toEqual([]);
      expect(read.rows.map((r) => [r.values.title, r.values.stage, r.values.owner, r.values.parties])).toEqual([
        ['导入一', '意向', ADMIN.email, '清华四川能源互联网研究院；四川恒麓电气科技有限公司'],
        ['导入二', '落地', '雅安市委融办', '清华四川能源互联网研究院；四川恒麓电气科技有限公司'],
      ]);
      // The export imported again: the rows name existing intents, so nothing is added twice.
      const again = await importFile(exported.rawPayload);
      expect(again.statusCode).toBe(400);
      expect(
        again
          .json<{ details: { rows: { column: string; code: string }[] } }>()
          .details.rows.map((p) => [p.column, p.code]),
      ).toEqual([
        ['id', 'exists'],
        ['id', 'exists'],
      ]);
    });

    it('serves a template with an instructions sheet', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/intents/template', headers: auth });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('intents-template.xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['合作意向 Intents', '说明 Instructions']);
    });
  });

  describe('the console', () => {
    let b: Browser;
    beforeAll(async () => {
      b = new Browser(t.app);
      await b.get('/login');
      expect((await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' })).statusCode).toBe(303);
    });

    it('lists and boards the intents in Chinese and in English, with the funnel of the filtered event', async () => {
      const en = await b.get(`/console/intents?eventId=${ids.a}&view=board&lang=en`);
      expect(en.body).toContain('<h1>Cooperation intents</h1>');
      for (const name of ['Intent', 'Negotiating', 'Signed', 'Landed', 'Dropped'])
        expect(en.body).toContain(`>${name}</span>`);
      const zh = await b.get(`/console/intents?eventId=${ids.a}&lang=zh-CN`);
      expect(zh.statusCode).toBe(200);
      expect(zh.body).toContain('<h1>合作意向</h1>');
      expect(zh.body).toContain('F德阳');
      expect(zh.body).not.toContain('F眉山');
      expect(zh.body).toMatch(/data-stage="intent" data-reached="\d+"/);
      const overdue = await b.get('/console/intents?overdue=true');
      expect(overdue.body).toContain('F德阳');
      expect(overdue.body).not.toContain('F眉山');
    });

    it('records an intent from the form, then changes its stage and logs a follow-up with a file', async () => {
      const form = await b.get(`/console/intents/new?eventId=${ids.a}`);
      expect(form.body).toContain('name="parties.0.organisation"');
      const missing = await b.post('/console/intents', {
        title: '表单意向',
        kind: 'order',
        'parties.0.organisation': '甲方',
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('请至少填写两个合作方');
      const created = await b.post('/console/intents', {
        title: '表单意向',
        kind: 'order',
        eventId: String(ids.a),
        valueWan: '1,200',
        'parties.0.organisation': '眉山东坡医疗健康投资有限公司',
        'parties.0.contactName': '苏婷',
        'parties.1.organisation': '重庆武瓴智行科技有限公司',
        ownerKey: 'user:1',
        nextFollowUpOn: '2031-03-01',
      });
      expect(created.statusCode).toBe(303);
      const url = created.headers.location as string;
      expect(url).toMatch(/^\/console\/intents\/\d+$/);
      const id = Number(url.split('/').pop());
      expect((await api('GET', `/api/intents/${id}`)).body).toMatchObject({
        valueWan: 1200,
        owner: { key: 'user:1' },
        eventId: ids.a,
      });

      const refused = await b.post(`${url}/stage`, { stage: 'landed' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('请填写落地地点');
      const moved = await b.post(`${url}/stage`, { stage: 'signed', note: '签订采购合同' });
      expect(moved.statusCode).toBe(303);
      const back = await b.post(`${url}/stage`, { stage: 'negotiating', note: '误操作', correction: 'yes' });
      expect(back.statusCode).toBe(303);
      const page = await b.get(url);
      expect(page.body).toContain('<a href="/console/intents" aria-current="page">');
      expect(page.body).toContain('签订采购合同');
      expect(page.body).toContain('is-corrected');
      expect(page.body).toContain('data-owner="user:1"');

      const withFile = await b.upload(
        `${url}/follow-ups`,
        { happenedOn: '2031-02-01', note: '收到盖章合同' },
        {
          file: { filename: '合同.pdf', contentType: 'application/pdf', data: PDF },
        },
      );
      expect(withFile.statusCode).toBe(303);
      const badFile = await b.upload(
        `${url}/follow-ups`,
        { happenedOn: '2031-02-01', note: '再传' },
        {
          file: { filename: 'x.pdf', contentType: 'application/pdf', data: EXE },
        },
      );
      expect(badFile.statusCode).toBe(400);
      expect(badFile.body).toContain('仅支持 PDF、PNG、JPEG、WebP 图片和 Word .docx 文件');
      const log = await b.get(url);
      expect(log.body).toContain('收到盖章合同');
      expect(log.body).toMatch(/href="\/console\/intents\/\d+\/attachments\/\d+" download>合同\.pdf</);
      const attachment = /href="(\/console\/intents\/\d+\/attachments\/\d+)"/.exec(log.body)![1];
      expect((await b.get(attachment)).rawPayload.equals(PDF)).toBe(true);
    });

    it('assigns an owner to ticked intents and saves the idle threshold', async () => {
      const list = await b.get('/console/intents?q=F');
      const ticked = [...list.body.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1]).slice(0, 2);
      const refused = await b.post('/console/intents/owner', {
        ids: ticked,
        ownerKey: '',
        'owner.organisation': '资阳市委融办',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('责任单位须填写联系人');
      const done = await b.post('/console/intents/owner', {
        ids: ticked,
        ownerKey: '',
        'owner.organisation': '资阳市委融办',
        'owner.contactName': '赵磊',
        'owner.contactEmail': 'zhaolei@ziyang.example.gov.cn',
      });
      expect(done.statusCode).toBe(303);
      for (const id of ticked)
        expect((await api('GET', `/api/intents/${id}`)).body.owner).toMatchObject({ name: '资阳市委融办' });
      expect((await b.post('/console/intents/settings', { idleDays: 'soon' })).statusCode).toBe(400);
      expect((await b.post('/console/intents/settings', { idleDays: '21' })).statusCode).toBe(303);
      expect((await api('GET', '/api/intents/settings')).body).toEqual({ idleDays: 21 });
      expect((await b.post('/console/intents/settings', { idleDays: '14', _csrf: 'forged' })).statusCode).toBe(403);
    });

    it('shows an import report by row and column', async () => {
      const data = await writeSheet({
        format: 'xlsx',
        sheetName: 'x',
        columns: [
          { key: 'title', label: { zh: '意向名称', en: 'title' } },
          { key: 'kind', label: { zh: '合作方式', en: 'kind' } },
          { key: 'parties', label: { zh: '合作各方', en: 'parties' } },
        ],
        rows: [{ title: '缺一方', kind: '订单', parties: '甲方' }],
      });
      const res = await b.upload(
        '/console/intents/import',
        {},
        { file: { filename: 'x.xlsx', contentType: 'application/octet-stream', data: data.body } },
      );
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<code>parties</code>');
      expect(res.body).toContain('文件有 1 行存在问题');
      expect(res.body).toContain('至少填写两个单位');
    });
  });
});
