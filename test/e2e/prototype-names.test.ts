import { Database } from '../../src/database/database.service.js';
import { RegistrationQuestion } from '../../src/registration/registration-question.entity.js';
import { Browser, multipartBody } from '../support/browser.js';
import { aCategory, anEvent } from '../support/factories.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/** Every name a plain object inherits, and the keys prototype pollution goes through. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

/**
 * A question coded `constructor` once made every registration fail: answers were looked up in a plain object, where
 * `constructor` is always "answered" (with Object's own function). Answers and codes are now kept in maps without a
 * prototype and read by their own keys only. Questions with such codes can exist (made before, or by a path that
 * does not validate), so they are put in the database directly here; the API no longer makes new ones, because a JSON
 * body cannot carry an answer under `constructor` or `prototype` (the validation pipe strips those keys).
 */
describe(`codes that are Object.prototype names, on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  let slug: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    const event = await anEvent(t);
    eventId = event.id;
    slug = event.slug;
    await aCategory(t, eventId, { code: 'constructor', name: '构造' });
    await aCategory(t, eventId, { code: 'valueof', name: '取值' });
    const db = t.app.get(Database);
    await db.transaction((em) =>
      em.save(
        RegistrationQuestion,
        PROTOTYPE_NAMES.map((code, i) =>
          em.create(RegistrationQuestion, {
            eventId,
            code,
            label: `问题 ${code}`,
            kind: 'text',
            required: false,
            position: i,
          }),
        ),
      ),
    );
    const required = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/questions`,
      headers: auth,
      payload: {
        code: 'industry',
        label: '必答',
        kind: 'single',
        required: true,
        options: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
      },
    });
    expect(required.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it.each(['constructor', 'prototype', '__proto__'])('refuses %s as a new question code, naming code', async (code) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/questions`,
      headers: auth,
      payload: { code, label: 'x', kind: 'text' },
    });
    expect({
      status: res.statusCode,
      fields: [...new Set(res.json<{ fields: { field: string }[] }>().fields.map((f) => f.field))],
    }).toEqual({
      status: 400,
      fields: ['code'],
    });
  });

  it('registers through the API without answering the optional questions, but not without the required one', async () => {
    const base = { name: '王敏', organisation: '西部转化中心', consent: true, category: 'constructor' };
    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: { ...base, email: 'api@example.cn', answers: { industry: 'b' } },
    });
    expect(registered.statusCode).toBe(201);
    const stored = await t.app.inject({
      method: 'GET',
      url: `/api/registrations/${registered.json<{ id: number }>().id}`,
      headers: auth,
    });
    expect(stored.json<{ answers: unknown }>().answers).toEqual({ industry: 'b' });
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: { ...base, email: 'missing@example.cn' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ fields: { field: string }[] }>().fields.map((f) => f.field)).toEqual(['answers.industry']);
  });

  it('keeps an answer to the constructor question from the page form, and shows it on the personal page', async () => {
    const b = new Browser(t.app);
    await b.get(`/events/${slug}/register`);
    const res = await b.post(`/events/${slug}/register`, {
      name: '李华',
      email: 'form@example.cn',
      organisation: '成都市科技局',
      category: 'constructor',
      'q.industry': 'a',
      'q.constructor': '表单里的回答',
      'q.__proto__': '原型',
      consent: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const stored = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations?q=form@example.cn`,
      headers: auth,
    });
    const [row] = stored.json<{ answers: Record<string, unknown> }[]>();
    expect(row.answers).toEqual(JSON.parse('{"industry":"a","constructor":"表单里的回答","__proto__":"原型"}'));
    const page = await b.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('表单里的回答');
  });

  it('imports a sheet with constructor and __proto__ columns and exports the answers again', async () => {
    const csv =
      '姓名 name,邮箱 email,单位 organisation,类别 category,constructor,__proto__,industry\n' +
      '赵强,zhao@example.cn,德阳市,constructor,导入的回答,原型的回答,a\n' +
      '钱敏,qian@example.cn,眉山市,valueof,,,b\n';
    const body = multipartBody(
      {},
      { file: { filename: 'guests.csv', contentType: 'text/csv', data: Buffer.from(csv) } },
    );
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations/import`,
      headers: { ...auth, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect({ status: imported.statusCode, imported: imported.json<{ imported?: number }>().imported }).toEqual({
      status: 201,
      imported: 2,
    });
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/export?format=csv`,
      headers: auth,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('导入的回答');
    expect(exported.body).toContain('原型的回答');
    expect(exported.body).not.toContain('function');
    const template = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations/template?format=csv`,
      headers: auth,
    });
    expect(template.statusCode).toBe(200);
    expect(template.body).not.toContain('function');
  });

  it('shows the console list and the settings with those questions', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    for (const path of ['', '/settings']) {
      const res = await b.get(`/console/events/${eventId}/registrations${path}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('function Object');
    }
  });
});
