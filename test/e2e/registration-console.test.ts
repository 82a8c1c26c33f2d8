import ExcelJS from 'exceljs';
import { Database } from '../../src/database/database.service.js';
import { MailWorker } from '../../src/mail/mail-worker.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { RegistrationImportService } from '../../src/registration/registration-import.service.js';
import { RegistrationsService } from '../../src/registration/registrations.service.js';
import { Registration } from '../../src/registration/registration.entity.js';
import { In, IsNull, Like, Not } from 'typeorm';
import { parseCsv } from '../../src/spreadsheet/csv.js';
import { Browser, multipartBody, type UploadFile } from '../support/browser.js';
import { decodeQrPng } from '../support/qr.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { xlsxBomb } from '../support/zip.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = [
  '姓名 name',
  '邮箱 email',
  '电话 phone',
  '单位 organisation',
  '职务 title',
  '类别 category',
  '语言 locale',
];

async function xlsxFile(rows: unknown[][], filename = 'guests.xlsx'): Promise<UploadFile> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return { filename, contentType: XLSX, data: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

function csvFile(text: string, filename = 'guests.csv'): UploadFile {
  return { filename, contentType: 'text/csv', data: Buffer.from(text, 'utf8') };
}

async function readXlsx(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(row.getCell(c).text);
    rows.push(cells);
  });
  return rows;
}

describe('organiser console: registrations, imports, exports and emails', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let eventId: number;
  let db: Database;
  let worker: MailWorker;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // The test drives the mail worker itself, one round at a time.
    t = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_WORKER: 'false' } });
    db = t.app.get(Database);
    worker = t.app.get(MailWorker);
    auth = await apiLogin(t.app);
    eventId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ startsAt: '2027-05-20T09:00:00+08:00', endsAt: '2027-05-21T17:30:00+08:00' }),
      })
    ).json().id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    for (const payload of [
      { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: 2 },
      { code: 'guest', name: '嘉宾', nameEn: 'Guest of honour', approval: 'review' },
      { code: 'invited', name: '特邀代表', publicForm: false },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/categories`,
        headers: auth,
        payload,
      });
      expect(res.statusCode).toBe(201);
    }
    for (const payload of [
      {
        code: 'industries',
        kind: 'multiple',
        label: '关注的产业领域',
        labelEn: 'Industries of interest',
        required: true,
        options: [
          { value: 'aerospace', label: '航空航天', labelEn: 'Aerospace' },
          { value: 'materials', label: '先进材料', labelEn: 'Advanced materials' },
          { value: 'medicine', label: '生物医药', labelEn: 'Biomedicine' },
        ],
      },
      { code: 'offer', kind: 'text', label: '可提供的成果', labelEn: 'What you offer' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/questions`,
        headers: auth,
        payload,
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const importFile = (file: UploadFile) => {
    const body = multipartBody({}, { file });
    return t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations/import`,
      headers: { ...auth, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const registrations = async () =>
    db.manager.find(Registration, { where: { eventId }, order: { id: 'ASC' }, relations: { category: true } });
  const outboxCount = () => db.manager.countBy(OutboxMessage, { eventId });

  async function signedIn(): Promise<Browser> {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.post('/login', { email: ADMIN.email, password: ADMIN.password });
    expect(res.statusCode).toBe(303);
    return b;
  }

  it('imports a valid .xlsx in one go: invite-only categories, no review, seats and waiting list, one email each', async () => {
    const file = await xlsxFile([
      [...HEADER, 'industries', 'offer'],
      [
        '张伟',
        'zhang.wei@example.cn',
        13800000001,
        '中国航发成都发动机有限公司',
        '总工程师',
        'enterprise',
        '',
        'aerospace',
        '叶片修复技术',
      ],
      [
        '李娜',
        { text: 'li.na@example.cn', hyperlink: 'mailto:li.na@example.cn' },
        '',
        '四川大学',
        '教授',
        'guest',
        'zh-CN',
        '航空航天；先进材料',
        '',
      ],
      [
        'Anna Berg',
        'anna.berg@example.de',
        '+49 30 1234567',
        'Fraunhofer IWS',
        'Director',
        'invited',
        'en',
        'materials;medicine',
        '',
      ],
      ['王强', 'wang.qiang@example.cn', '', '重庆长安汽车股份有限公司', '', 'enterprise', '', 'materials', ''],
      [],
      ['赵敏', 'ZHAO.MIN@example.cn', '', '成都飞机工业（集团）有限责任公司', '', 'Enterprise', '', 'aerospace', ''],
    ]);
    const res = await importFile(file);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect([body.imported, body.confirmed, body.waitlisted]).toEqual([5, 4, 1]);

    const rows = await registrations();
    expect(
      rows.map((r) => [r.name, r.email, r.phone, r.category!.code, r.status, r.source, r.locale, r.answers]),
    ).toEqual([
      [
        '张伟',
        'zhang.wei@example.cn',
        '13800000001',
        'enterprise',
        'confirmed',
        'import',
        'zh-CN',
        { industries: ['aerospace'], offer: '叶片修复技术' },
      ],
      [
        '李娜',
        'li.na@example.cn',
        null,
        'guest',
        'confirmed',
        'import',
        'zh-CN',
        { industries: ['aerospace', 'materials'] },
      ],
      [
        'Anna Berg',
        'anna.berg@example.de',
        '+49 30 1234567',
        'invited',
        'confirmed',
        'import',
        'en',
        { industries: ['materials', 'medicine'] },
      ],
      [
        '王强',
        'wang.qiang@example.cn',
        null,
        'enterprise',
        'confirmed',
        'import',
        'zh-CN',
        { industries: ['materials'] },
      ],
      [
        '赵敏',
        'zhao.min@example.cn',
        null,
        'enterprise',
        'waitlisted',
        'import',
        'zh-CN',
        { industries: ['aerospace'] },
      ],
    ]);
    expect(rows.map((r) => r.consentText)).toEqual([
      '由主办方代为登记（邀请名单导入）',
      '由主办方代为登记（邀请名单导入）',
      'Registered on the guest’s behalf by the organisers (invitation list import)',
      '由主办方代为登记（邀请名单导入）',
      '由主办方代为登记（邀请名单导入）',
    ]);
    const mails = await db.manager.find(OutboxMessage, { where: { eventId }, order: { id: 'ASC' } });
    expect(mails.map((m) => [m.toAddress, m.kind])).toEqual([
      ['zhang.wei@example.cn', 'registration_confirmed'],
      ['li.na@example.cn', 'registration_confirmed'],
      ['anna.berg@example.de', 'registration_confirmed'],
      ['wang.qiang@example.cn', 'registration_confirmed'],
      ['zhao.min@example.cn', 'registration_waitlisted'],
    ]);
  });

  it('imports a valid UTF-8 .csv with a BOM, CRLF, quoted commas and line breaks', async () => {
    const csv =
      '\uFEFF姓名,邮箱,单位,类别,industries,offer\r\n' +
      '陈静,chen.jing@example.cn,"西南交通大学, 轨道交通学院",invited,生物医药,"第一项；\r\n第二项"\r\n' +
      'Liu Yang,liu.yang@example.cn,"Sichuan ""Tianfu"" Lab",guest,aerospace;medicine,\r\n';
    const res = await importFile(csvFile(csv));
    expect(res.statusCode).toBe(201);
    expect(res.json().imported).toBe(2);
    const rows = (await registrations()).slice(-2);
    expect(rows.map((r) => [r.name, r.organisationName, r.category!.code, r.status, r.answers])).toEqual([
      [
        '陈静',
        '西南交通大学, 轨道交通学院',
        'invited',
        'confirmed',
        { industries: ['medicine'], offer: '第一项；\r\n第二项' },
      ],
      ['Liu Yang', 'Sichuan "Tianfu" Lab', 'guest', 'confirmed', { industries: ['aerospace', 'medicine'] }],
    ]);
  });

  it('rejects a file with three bad cells in different rows, naming each row and column, and writes nothing', async () => {
    const before = [(await registrations()).length, await outboxCount()];
    const file = await xlsxFile([
      [...HEADER, 'industries'],
      ['周杰', 'zhou.jie@example.cn', '', '电子科技大学', '', 'enterprise', '', 'aerospace'],
      ['吴磊', 'wu.lei(at)example.cn', '', '电子科技大学', '', 'enterprise', '', 'aerospace'],
      ['郑爽', 'zheng.shuang@example.cn', '', '电子科技大学', '', 'vip', '', 'aerospace'],
      ['孙丽', 'sun.li@example.cn', '', '电子科技大学', '', 'enterprise', '', 'aerospace'],
      ['钱进', 'qian.jin@example.cn', '', '电子科技大学', '', 'enterprise', '', '烹饪'],
    ]);
    const res = await importFile(file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('import_invalid');
    expect(res.json().details.rows).toEqual([
      { row: 3, column: 'email', code: 'invalid', reason: 'email must be an email address' },
      { row: 4, column: 'category', code: 'not_a_category', reason: 'not a category of this event' },
      { row: 6, column: 'industries', code: 'invalid', reason: 'must be among the options' },
    ]);
    expect([(await registrations()).length, await outboxCount()]).toEqual(before);
  });

  it('reports emails twice in the file, already registered, missing values and unknown columns', async () => {
    const csv =
      '姓名 name,邮箱 email,单位 organisation,类别 category,industries,colour\r\n' +
      '甲,jia@example.cn,某公司,enterprise,aerospace,red\r\n' +
      '乙,JIA@example.cn,某公司,enterprise,aerospace,\r\n';
    const unknown = await importFile(csvFile(csv));
    expect(unknown.json().details.rows).toEqual([
      {
        row: 1,
        column: 'colour',
        code: 'unknown_column',
        reason: 'unknown column: neither a field nor a question code',
      },
    ]);
    const res = await importFile(
      csvFile(
        '姓名 name,邮箱 email,单位 organisation,类别 category,industries\r\n' +
          '甲,jia@example.cn,某公司,enterprise,aerospace\r\n' +
          '乙,JIA@example.cn,,enterprise,aerospace\r\n' +
          '丙,zhang.wei@example.cn,某公司,enterprise,\r\n',
      ),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details.rows).toEqual([
      { row: 3, column: 'email', code: 'duplicate', reason: 'the same email as row 2' },
      { row: 3, column: 'organisation', code: 'required', reason: 'a value is required' },
      { row: 4, column: 'email', code: 'already_registered', reason: 'already registered for this event' },
      { row: 4, column: 'industries', code: 'required', reason: 'an answer is required' },
    ]);
    const taken = await importFile(
      csvFile('姓名,邮箱,单位,类别,industries\r\n丙,Zhang.Wei@example.cn,某公司,enterprise,aerospace\r\n'),
    );
    expect(taken.json().details.rows).toEqual([
      { row: 2, column: 'email', code: 'already_registered', reason: 'already registered for this event' },
    ]);
    // 姓名 in GBK, as Excel's plain "CSV" saves it on Chinese Windows.
    const gbk = await importFile({
      filename: 'gbk.csv',
      contentType: 'text/csv',
      data: Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]),
    });
    expect(gbk.json().details.rows).toEqual([
      {
        row: 1,
        column: '_file',
        code: 'not_utf8',
        reason: 'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx',
      },
    ]);
  });

  it('refuses a zip bomb (0.4 MB unpacking to 400 MB) with a 400 naming the reason, while /health keeps answering', async () => {
    const before = [(await registrations()).length, await outboxCount()];
    const bomb = { filename: 'bomb.xlsx', contentType: XLSX, data: await xlsxBomb(400 * 1024 * 1024) };
    expect(bomb.data.length).toBeLessThan(1024 * 1024);
    const [res, health] = await Promise.all([importFile(bomb), t.app.inject({ method: 'GET', url: '/health' })]);
    expect(health.statusCode).toBe(200);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('import_invalid');
    expect(res.json().details.rows).toEqual([
      {
        row: 1,
        column: '_file',
        code: 'too_large_unpacked',
        reason: 'the file unpacks to more than 40 MB: not an ordinary spreadsheet',
      },
    ]);
    // An archive that declares small sizes but inflates past them is stopped as well.
    const liar = await importFile({ ...bomb, data: await xlsxBomb(100 * 1024 * 1024, { lie: true }) });
    expect(liar.statusCode).toBe(400);
    expect(liar.json().details.rows).toEqual([
      expect.objectContaining({ column: '_file', code: 'too_large_unpacked' }),
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect([(await registrations()).length, await outboxCount()]).toEqual(before);

    const b = await signedIn();
    const page = await b.upload(`/console/events/${eventId}/registrations/import`, {}, { file: bomb });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('文件解压后超过 40 MB，不是正常的电子表格');
  });

  it('exports .xlsx with every column, the status, category code, local created time and answers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/export?format=xlsx`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="registrations-chengdu-2026.xlsx"; filename*=UTF-8''registrations-chengdu-2026.xlsx`,
    );
    const workbook = await readXlsx(res.rawPayload);
    const rows = sheetRows(workbook.worksheets[0]);
    expect(rows[0]).toEqual([
      '编号 id',
      ...HEADER,
      '类别名称 categoryName',
      '状态 status',
      '来源 source',
      '报名时间 createdAt (Asia/Shanghai)',
      '确认时间 confirmedAt (Asia/Shanghai)',
      '审核说明 decisionReason',
      'industries',
      'offer',
    ]);
    const all = await registrations();
    expect(rows).toHaveLength(all.length + 1);
    const zhang = rows.find((r) => r[2] === 'zhang.wei@example.cn')!;
    const created = all.find((r) => r.email === 'zhang.wei@example.cn')!.createdAt;
    const local = new Date(created.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(zhang.slice(0, 11)).toEqual([
      String(all[0].id),
      '张伟',
      'zhang.wei@example.cn',
      '13800000001',
      '中国航发成都发动机有限公司',
      '总工程师',
      'enterprise',
      'zh-CN',
      '企业代表',
      'confirmed',
      'import',
    ]);
    expect(zhang[11]).toBe(local);
    expect(zhang.slice(13)).toEqual(['', 'aerospace', '叶片修复技术']);
    expect(rows.find((r) => r[2] === 'li.na@example.cn')![14]).toBe('aerospace;materials');

    const waiting = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/export?format=csv&status=waitlisted`,
      headers: auth,
    });
    expect(waiting.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = waiting.body;
    expect(text.startsWith('\uFEFF编号 id,姓名 name,')).toBe(true);
    expect(
      text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    ).toEqual(['zhao.min@example.cn']);
  });

  it('offers the import template as .xlsx with instructions and as .csv', async () => {
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/template`,
      headers: auth,
    });
    const workbook = await readXlsx(xlsx.rawPayload);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['报名名单 Registrations', '说明 Instructions']);
    const [header, example] = sheetRows(workbook.worksheets[0]);
    expect(header).toEqual([...HEADER, 'industries', 'offer']);
    expect(example.slice(5)).toEqual(['enterprise', 'zh-CN', 'aerospace;materials', '示例 example']);
    const instructions = sheetRows(workbook.worksheets[1]).map((r) => r[0]);
    expect(instructions).toEqual(expect.arrayContaining(['invited', 'industries', 'offer']));
    expect(instructions.join('\n')).toContain('UTF-8');

    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/template?format=csv`,
      headers: auth,
    });
    expect(csv.body.split('\r\n')[0]).toBe(`\uFEFF${[...HEADER, 'industries', 'offer'].join(',')}`);
    const none = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/template?format=pdf`,
      headers: auth,
    });
    expect(none.statusCode).toBe(400);
  });

  it('documents the file routes in the OpenAPI description', async () => {
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const base = '/api/events/{eventId}/registrations';
    expect(
      [`${base}/template`, `${base}/export`, `${base}/import`].map((p) => Object.keys(docs.paths[p] ?? {})),
    ).toEqual([['get'], ['get'], ['post']]);
    expect(Object.keys(docs.paths[`${base}/import`].post.requestBody.content)).toEqual(['multipart/form-data']);
  });

  it('lists registrations in the console with search and filters, and counts per category against capacity', async () => {
    const b = await signedIn();
    const page = await b.get(`/console/events/${eventId}/registrations`);
    expect(page.statusCode).toBe(200);
    const emails = (html: string) => [...html.matchAll(/<tr id="r-\d+" data-email="([^"]+)"/g)].map((m) => m[1]);
    expect(emails(page.body)).toHaveLength(7);
    const counts = (html: string, code: string) =>
      new RegExp(`<tr data-category="${code}">[\\s\\S]*?</tr>`)
        .exec(html)![0]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    expect(counts(page.body, 'enterprise')).toBe('企业代表 enterprise 2 / 2 0 1');
    expect(counts(page.body, 'guest')).toBe('嘉宾 guest 2 / 不限 0 0');
    expect(counts(page.body, 'invited')).toBe('特邀代表 invited 2 / 不限 0 0');

    expect(emails((await b.get(`/console/events/${eventId}/registrations?status=waitlisted`)).body)).toEqual([
      'zhao.min@example.cn',
    ]);
    expect(emails((await b.get(`/console/events/${eventId}/registrations?category=invited`)).body)).toEqual([
      'anna.berg@example.de',
      'chen.jing@example.cn',
    ]);
    expect(emails((await b.get(`/console/events/${eventId}/registrations?organisation=电子科技`)).body)).toEqual([]);
    expect(emails((await b.get(`/console/events/${eventId}/registrations?q=13800000001`)).body)).toEqual([
      'zhang.wei@example.cn',
    ]);
    expect(
      emails(
        (await b.get(`/console/events/${eventId}/registrations?q=${encodeURIComponent('四川')}&category=guest`)).body,
      ),
    ).toEqual(['li.na@example.cn']);
    const bad = await b.get(`/console/events/${eventId}/registrations?status=lost`);
    expect(bad.statusCode).toBe(400);
    expect(emails(bad.body)).toHaveLength(7);
    const en = await b.get(`/console/events/${eventId}/registrations?lang=en`);
    expect(counts(en.body, 'enterprise')).toBe('Enterprise enterprise 2 / 2 0 1');
  });

  it('approves and rejects with a reason through CSRF-checked form posts; the reason reaches the attendee', async () => {
    const register = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: {
          name: `嘉宾${n}`,
          email: `vip${n}@example.cn`,
          organisation: '成都市科技局',
          category: 'guest',
          answers: { industries: ['aerospace'] },
          consent: true,
        },
      });
    const a = (await register(1)).json();
    const c = (await register(2)).json();
    expect([a.status, c.status]).toEqual(['pending', 'pending']);
    const b = await signedIn();
    const listUrl = `/console/events/${eventId}/registrations?status=pending`;
    const list = await b.get(listUrl);
    expect(list.body).toContain(`action="/console/events/${eventId}/registrations/${a.id}/approve"`);
    const guestPending = /<tr data-category="guest">[\s\S]*?<\/tr>/.exec(list.body)![0].replace(/<[^>]+>/g, ' ');
    expect(guestPending.replace(/\s+/g, ' ').trim()).toBe('嘉宾 guest 2 / 不限 2 0');

    const forged = await b.post(`/console/events/${eventId}/registrations/${a.id}/approve`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await db.manager.findOneByOrFail(Registration, { id: a.id })).status).toBe('pending');

    const approved = await b.post(`/console/events/${eventId}/registrations/${a.id}/approve`, { back: listUrl });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe(listUrl);
    expect((await b.get(listUrl)).body).toContain('已批准，确认邮件已加入发送队列。');
    expect((await db.manager.findOneByOrFail(Registration, { id: a.id })).status).toBe('confirmed');

    const noReason = await b.post(`/console/events/${eventId}/registrations/${c.id}/reject`, { back: listUrl });
    expect(noReason.statusCode).toBe(303);
    expect((await b.get(listUrl)).body).toContain('拒绝时请填写理由');
    expect((await db.manager.findOneByOrFail(Registration, { id: c.id })).status).toBe('pending');

    const rejected = await b.post(`/console/events/${eventId}/registrations/${c.id}/reject`, {
      reason: '本场嘉宾席位已满，欢迎参加下一届',
      back: 'https://evil.example/',
    });
    expect(rejected.headers.location).toBe(`/console/events/${eventId}/registrations`);
    const row = await db.manager.findOneByOrFail(Registration, { id: c.id });
    expect([row.status, row.decisionReason]).toEqual(['rejected', '本场嘉宾席位已满，欢迎参加下一届']);

    const again = await b.post(`/console/events/${eventId}/registrations/${c.id}/approve`, {});
    expect(again.statusCode).toBe(303);
    expect((await b.get(`/console/events/${eventId}/registrations`)).body).toContain('该报名当前的状态不允许此操作。');

    await worker.runOnce();
    const mail = sink.to('vip2@example.cn').find((m) => /未通过/.test(m.parsed.subject ?? ''))!;
    expect(mail.parsed.text).toContain('本场嘉宾席位已满，欢迎参加下一届');
  });

  it('imports through the console form: the problems as a table on failure, a summary on success', async () => {
    const b = await signedIn();
    const page = await b.get(`/console/events/${eventId}/registrations/import`);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain(`href="/console/events/${eventId}/registrations/template?format=xlsx"`);

    const bad = csvFile(
      '姓名,邮箱,单位,类别,industries\r\n' +
        '冯刚,feng.gang@example,某公司,enterprise,aerospace\r\n' +
        '张伟,zhang.wei@example.cn,某公司,enterprise,aerospace\r\n',
      '代表团.csv',
    );
    const forged = await b.upload(
      `/console/events/${eventId}/registrations/import`,
      {},
      { file: bad },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    const failed = await b.upload(`/console/events/${eventId}/registrations/import`, {}, { file: bad });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('文件 代表团.csv 有 2 行存在问题，未导入任何记录。');
    const cells = /<table class="table compact problems">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/
      .exec(failed.body)![1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    expect(cells).toBe('2 邮箱 email email must be an email address 3 邮箱 email 该邮箱已报名本活动');
    expect(await db.manager.countBy(Registration, { email: 'feng.gang@example' })).toBe(0);

    const empty = await b.upload(
      `/console/events/${eventId}/registrations/import`,
      {},
      {
        file: { filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) },
      },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请选择要导入的 .xlsx 或 .csv 文件。');

    const good = csvFile('姓名,邮箱,单位,类别,industries\r\n冯刚,feng.gang@example.cn,某公司,invited,aerospace\r\n');
    const done = await b.upload(`/console/events/${eventId}/registrations/import`, {}, { file: good });
    expect(done.statusCode).toBe(303);
    const summary = await b.get(done.headers.location as string);
    expect(summary.body).toContain('已导入 1 人：1 人已确认，0 人进入候补。');
    expect((await db.manager.findOneByOrFail(Registration, { email: 'feng.gang@example.cn' })).source).toBe('import');

    const download = await b.get(`/console/events/${eventId}/registrations/export?format=csv&category=invited`);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(
      parseCsv(download.body)
        .map((r) => r[2])
        .slice(1),
    ).toEqual(['anna.berg@example.de', 'chen.jing@example.cn', 'feng.gang@example.cn']);
  });

  it('shows the event’s emails with their status and last error, and resend puts a message back to pending', async () => {
    sink.failWith = { code: 550, message: 'mailbox unavailable' };
    await worker.runOnce();
    sink.failWith = undefined;
    const failed = await db.manager.find(OutboxMessage, { where: { eventId, status: 'failed' }, order: { id: 'ASC' } });
    expect(failed.length).toBeGreaterThan(0);
    const message = failed[0];

    const b = await signedIn();
    const page = await b.get(`/console/events/${eventId}/mail?status=failed`);
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr id="m-${message.id}" data-status="failed">[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row).toContain(message.toAddress);
    expect(row).toContain('发送失败');
    expect(row).toContain('mailbox unavailable');
    expect(row).toContain(`action="/console/events/${eventId}/mail/${message.id}/resend"`);
    const all = await b.get(`/console/events/${eventId}/mail`);
    expect(all.body).toContain('data-status="sent"');

    const forged = await b.post(`/console/events/${eventId}/mail/${message.id}/resend`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    const resent = await b.post(`/console/events/${eventId}/mail/${message.id}/resend`, {});
    expect(resent.statusCode).toBe(303);
    expect(resent.headers.location).toBe(`/console/events/${eventId}/mail`);
    const after = await db.manager.findOneByOrFail(OutboxMessage, { id: message.id });
    expect([after.status, after.lastError]).toEqual(['pending', null]);

    const count = sink.messages.length;
    await worker.runOnce();
    const delivered = sink.messages.slice(count).filter((m) => m.parsed.messageId === message.messageId);
    expect(delivered).toHaveLength(1);
    expect((await db.manager.findOneByOrFail(OutboxMessage, { id: message.id })).status).toBe('sent');
  });

  it('opens one email as the recipient sees it: headers, the HTML in a sandboxed frame with its inline QR, the text', async () => {
    const confirmation = await t.app.get(OutboxService).whole(
      await db.manager.findOneOrFail(OutboxMessage, {
        where: { eventId, kind: 'registration_confirmed' },
        order: { id: 'ASC' },
      }),
    );
    const b = await signedIn();
    const list = await b.get(`/console/events/${eventId}/mail`);
    expect(list.body).toContain(`href="/console/events/${eventId}/mail/${confirmation.id}"`);

    const page = await b.get(`/console/events/${eventId}/mail/${confirmation.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(confirmation.toAddress);
    expect(page.body).toContain('报名确认');
    expect(page.body).toContain(confirmation.messageId.replace('<', '&lt;').replace('>', '&gt;'));
    const frame = /<iframe class="mail-preview" sandbox="" [^>]*srcdoc="([^"]*)"><\/iframe>/.exec(page.body);
    expect(frame).not.toBeNull();
    // The HTML part is an attribute value: every tag escaped, the inline QR (cid:) drawn from the stored PNG.
    expect(frame![1]).not.toContain('<');
    expect(frame![1]).toContain('&lt;');
    // The badge is stored as its code and drawn like the sent email's: the picture in the frame reads as that code.
    const qr = confirmation.attachments!.find((a) => a.cid && a.contentType === 'image/png')!;
    expect(qr.qr).toMatch(/^[A-Z2-7]{100,}$/);
    expect(frame![1]).not.toContain(`cid:${qr.cid}`);
    const png = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(frame![1]);
    expect(decodeQrPng(Buffer.from(png![1], 'base64'))).toBe(qr.qr);
    const link = /\/me\/\d+\.[A-Za-z0-9_-]+/.exec(confirmation.text)![0];
    expect(page.body).toContain(link);
    expect(page.body).toContain('METHOD:REQUEST');

    // Another event's message, or a missing one, is not found; a visitor is sent to sign in.
    const other = await b.get(`/console/events/${eventId + 1000}/mail/${confirmation.id}`);
    expect(other.statusCode).toBe(404);
    const missing = await b.get(`/console/events/${eventId}/mail/999999`);
    expect(missing.statusCode).toBe(404);
    const anonymous = await new Browser(t.app).get(`/console/events/${eventId}/mail/${confirmation.id}`);
    expect([302, 303, 401]).toContain(anonymous.statusCode);
    expect(anonymous.body).not.toContain(confirmation.toAddress);
  });

  it('edits registration settings, categories and questions from the console', async () => {
    const b = await signedIn();
    const base = `/console/events/${eventId}/registrations`;
    const saved = await b.post(`${base}/settings`, {
      opensAt: '2027-04-01T09:00',
      closesAt: '2027-05-19T18:00',
      capacity: '300',
      consentText: '我同意。',
      consentTextEn: '',
    });
    expect(saved.statusCode).toBe(303);
    const form = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` })).json();
    expect([form.opensAt, form.closesAt, form.capacity, form.consentText, form.consentTextEn]).toEqual([
      '2027-04-01T01:00:00.000Z',
      '2027-05-19T10:00:00.000Z',
      300,
      '我同意。',
      null,
    ]);
    const page = await b.get(`${base}/settings`);
    expect(page.body).toContain('value="2027-04-01T09:00"');

    const badCategory = await b.post(`${base}/categories`, { code: 'Media!', name: '媒体', colour: '#1d4f91' });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.body).toContain('<span class="field-name">代码</span></a>：格式不正确');
    expect(badCategory.body).toContain('value="媒体"');
    const added = await b.post(`${base}/categories`, {
      code: 'media',
      name: '媒体',
      nameEn: 'Press',
      capacity: '20',
      approval: 'review',
      colour: '#1d4f91',
      organisationKind: 'media',
    });
    expect(added.statusCode).toBe(303);
    const media = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-counts`, headers: auth })
    )
      .json()
      .categories.find((c: { code: string }) => c.code === 'media');
    expect([media.capacity, media.nameEn]).toEqual([20, 'Press']);
    const edited = await b.post(`${base}/categories/${media.id}`, {
      code: 'media',
      name: '媒体记者',
      capacity: '',
      approval: 'automatic',
      colour: '#1d4f91',
      organisationKind: 'media',
      publicForm: 'true',
    });
    expect(edited.statusCode).toBe(303);
    const form2 = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` })).json();
    expect(form2.categories.find((c: { code: string }) => c.code === 'media')).toEqual({
      id: media.id,
      code: 'media',
      name: '媒体记者',
      nameEn: null,
      approval: 'automatic',
      capacity: null,
      seatsLeft: 300 - 8,
    });

    const question = await b.post(`${base}/questions`, {
      code: 'seek',
      kind: 'single',
      label: '希望对接',
      labelEn: 'Looking for',
      required: 'true',
      options: 'tech|技术成果|Technology\r\nfunds|投资|Investment',
    });
    expect(question.statusCode).toBe(303);
    const seek = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` }))
      .json()
      .questions.find((q: { code: string }) => q.code === 'seek');
    expect(seek).toEqual({
      code: 'seek',
      kind: 'single',
      label: '希望对接',
      labelEn: 'Looking for',
      required: true,
      options: [
        { value: 'tech', label: '技术成果', labelEn: 'Technology' },
        { value: 'funds', label: '投资', labelEn: 'Investment' },
      ],
    });
    const oneOption = await b.post(`${base}/questions`, {
      code: 'x',
      kind: 'multiple',
      label: '只有一个',
      options: 'a|甲',
    });
    expect(oneOption.statusCode).toBe(400);
    expect(oneOption.body).toContain('选择题至少需要两个选项');
  });

  it('shows a running import’s progress on the page, and a row refused on the way leaves nothing behind', async () => {
    const b = await signedIn();
    const imports = t.app.get(RegistrationImportService);
    const rows = Array.from(
      { length: 60 },
      (_, i) => `代表${i},delegate${i}@progress.cn,西部转化中心,invited,aerospace,tech`,
    );
    const file = {
      filename: 'delegation.csv',
      mimetype: 'text/csv',
      data: Buffer.from(`姓名,邮箱,单位,类别,industries,seek\r\n${rows.join('\r\n')}\r\n`),
      truncated: false,
    };
    const job = await imports.start(eventId, file);
    const running = await b.get(`/console/events/${eventId}/registrations/import?job=${job.id}`);
    expect(running.body).toContain(`<progress max="60"`);
    await job.finished;
    const finished = await b.get(`/console/events/${eventId}/registrations/import?job=${job.id}`);
    expect(finished.body).toContain('已导入 60 人');
    expect(finished.body).not.toContain('http-equiv="refresh"');
    expect(await db.manager.countBy(Registration, { importId: Not(IsNull()) })).toBe(0);
    expect((await b.get(`/console/events/${eventId}/registrations/import?job=nope`)).statusCode).toBe(404);

    // Someone registers with one of the file's emails after the check, before its chunk: nothing of the file stays.
    const outboxBefore = await db.manager.count(OutboxMessage);
    const late = Array.from(
      { length: 60 },
      (_, i) => `后到${i},late${i}@progress.cn,西部转化中心,invited,aerospace,tech`,
    );
    const second = await imports.start(eventId, {
      ...file,
      data: Buffer.from(`姓名,邮箱,单位,类别,industries,seek\r\n${late.join('\r\n')}\r\n`),
    });
    // Queued right behind the import's first chunk (its transaction is queued when start() answers); the import
    // source skips the registration window, which the settings test before this one closed.
    await db.transaction((em) =>
      t.app.get(RegistrationsService).createIn(
        em,
        eventId,
        {
          name: '后到59',
          email: 'late59@progress.cn',
          organisation: '某公司',
          category: 'enterprise',
          consent: true,
          answers: { industries: ['aerospace'], seek: 'tech' },
        },
        'import',
      ),
    );
    await second.finished;
    expect(second.state).toBe('failed');
    expect(() => imports.outcome(second)).toThrow(/import_invalid|already registered|invalid/);
    expect(await db.manager.count(Registration, { where: { email: Like('late%@progress.cn') } })).toBe(1);
    expect(await db.manager.countBy(Registration, { importId: Not(IsNull()) })).toBe(0);
    expect(await db.manager.count(OutboxMessage)).toBe(outboxBefore + 1);
  }, 240_000);

  it('sweeps abandoned imports: one killed before its publish is removed, one killed while released is released', async () => {
    const imports = t.app.get(RegistrationImportService);
    const rows = Array.from({ length: 4 }, (_, i) => `遗留${i},left${i}@sweep.cn,西部转化中心,invited,aerospace,tech`);
    const job = await imports.start(eventId, {
      filename: 'sweep.csv',
      mimetype: 'text/csv',
      data: Buffer.from(`姓名,邮箱,单位,类别,industries,seek\r\n${rows.join('\r\n')}\r\n`),
      truncated: false,
    });
    await job.finished;
    const ids = imports.outcome(job).registrations.map((r) => r.id);
    expect(ids).toHaveLength(4);
    // As a kill leaves them, an hour ago: rows 0–1 of a published import not yet released (their emails held, the
    // publish recorded), rows 2–3 of an import killed before its publish (never recorded).
    const held = new Date('9999-01-01T00:00:00Z');
    const mark = async (importId: string, mine: number[]) => {
      await db.manager.update(Registration, mine, { importId });
      await db.manager.update(
        OutboxMessage,
        { registrationId: In(mine), status: 'pending' },
        { leaseUntil: held, nextAttemptAt: held },
      );
    };
    await mark('killed-while-released', ids.slice(0, 2));
    await mark('killed-before-publish', ids.slice(2));
    await db.manager.query(
      `INSERT INTO job_runs (key, claim, "ranBy", "ranAt") VALUES ('import-published:killed-while-released', 'c', 'test', '2027-01-01')`,
    );
    const aged = (minutes: number) =>
      db.manager.query(
        db.isSqlite
          ? `UPDATE registrations SET "createdAt" = datetime('now', '-${minutes} minutes') WHERE "importId" IS NOT NULL`
          : `UPDATE registrations SET "createdAt" = LOCALTIMESTAMP - interval '${minutes} minutes' WHERE "importId" IS NOT NULL`,
      );
    // A running import (its newest row recent) is left alone.
    await aged(5);
    expect(await imports.removeAbandoned()).toBe(0);
    expect(await db.manager.countBy(Registration, { id: In(ids), importId: Not(IsNull()) })).toBe(4);

    await aged(60);
    expect(await imports.removeAbandoned()).toBe(4);
    const left = await db.manager.find(Registration, { where: { id: In(ids) }, order: { id: 'ASC' } });
    expect(left.map((r) => [r.id, r.importId])).toEqual([
      [ids[0], null],
      [ids[1], null],
    ]);
    const emails = await db.manager.find(OutboxMessage, { where: { registrationId: In(ids) }, order: { id: 'ASC' } });
    expect(emails.map((m) => [m.registrationId, m.status, m.leaseUntil])).toEqual([
      [ids[0], 'pending', null],
      [ids[1], 'pending', null],
    ]);
    expect(
      Number((await db.manager.query(`SELECT COUNT(*) AS n FROM job_runs WHERE key LIKE 'import-published:%'`))[0].n),
    ).toBe(0);
    expect(await imports.removeAbandoned()).toBe(0);
  }, 240_000);
});
