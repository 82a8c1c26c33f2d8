import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../../src/database/database.service.js';
import { LibraryAttachment } from '../../src/matchmaking/attachments/library-attachment.entity.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/matchmaking/attachments/library-attachments.service.js';
import { Browser, multipartBody, type UploadFile } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { anEvent } from '../support/factories.js';
import { aPdf, aPng, anExe } from '../support/files.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

type AttachmentBody = { id: number; filename: string; type: string; contentType: string; size: number; url: string };

const CHINESE_NAME = '磁流变减震器技术说明.pdf';
const ENCODED_NAME = encodeURIComponent(CHINESE_NAME);

describe(`attachments of achievements and demands on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let slug: string;
  let achievementId: number;
  let demandId: number;

  const upload = (library: 'achievements' | 'demands', id: number, file: UploadFile, headers = auth) => {
    const body = multipartBody({}, { file });
    return t.app.inject({
      method: 'POST',
      url: `/api/${library}/${id}/attachments`,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const pdf = (filename = CHINESE_NAME, data = aPdf()): UploadFile => ({
    filename,
    contentType: 'application/pdf',
    data,
  });
  const folder = (kind: string, id: number) => join(t.config.dataDir, 'attachments', `${kind}-${id}`);
  const filesIn = (kind: string, id: number) => (existsSync(folder(kind, id)) ? readdirSync(folder(kind, id)) : []);
  const create = async (library: 'achievements' | 'demands', payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/${library}`, headers: auth, payload });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: number }>().id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
    const event = await anEvent(t);
    slug = event.slug;
    achievementId = await create('achievements', {
      title: '磁流变减震器',
      summary: '基于磁流变液的半主动减震器。',
      category: 'equipment',
      maturity: 'pilot',
      transferModes: ['licence'],
      owner: '重庆武瓴智行科技有限公司',
    });
    demandId = await create('demands', {
      title: '着陆缓冲装置',
      description: '商业航天着陆缓冲。',
      category: 'aerospace',
      publisher: '资阳市经济和信息化局',
    });
    for (const [library, id] of [
      ['achievements', achievementId],
      ['demands', demandId],
    ] as const) {
      const listed = await t.app.inject({
        method: 'POST',
        url: `/api/events/${event.id}/${library}/${id}`,
        headers: auth,
        payload: {},
      });
      expect(listed.statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('accepts a PDF and a PNG, told by their bytes, and keeps them under the data directory', async () => {
    const first = await upload('achievements', achievementId, pdf());
    expect(first.statusCode).toBe(201);
    expect(first.json<AttachmentBody>()).toMatchObject({
      filename: CHINESE_NAME,
      type: 'pdf',
      contentType: 'application/pdf',
      size: aPdf().length,
    });
    // A PNG sent as "photo.jpg" with a JPEG type is a PNG, and is named so.
    const image = await upload('demands', demandId, { filename: 'photo.jpg', contentType: 'image/jpeg', data: aPng() });
    expect(image.statusCode).toBe(201);
    expect(image.json<AttachmentBody>()).toMatchObject({
      filename: 'photo.png',
      type: 'png',
      contentType: 'image/png',
    });

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/achievements/${achievementId}/attachments`,
      headers: auth,
    });
    expect(listed.json<AttachmentBody[]>().map((a) => a.filename)).toEqual([CHINESE_NAME]);
    expect(filesIn('achievement', achievementId)).toHaveLength(1);
    expect(filesIn('demand', demandId)).toHaveLength(1);
    // The bytes are on disk, not in the database: the row holds no more than a name.
    const row = await t.app
      .get(Database)
      .manager.findOneByOrFail(LibraryAttachment, { id: first.json<AttachmentBody>().id });
    expect(Object.keys(row).sort()).toEqual(
      ['createdAt', 'fileType', 'filename', 'id', 'itemId', 'kind', 'sha256', 'size', 'storedName'].sort(),
    );
  });

  it('refuses an .exe renamed .pdf with a 400 naming the field, and writes nothing', async () => {
    const res = await upload('achievements', achievementId, pdf('说明书.pdf', anExe()));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'file_type_not_allowed',
      fields: [{ field: 'file', reason: 'must be PDF, PNG, JPEG or WebP (this file is none of them)' }],
    });
    expect(filesIn('achievement', achievementId)).toHaveLength(1);
  });

  it('refuses a file over the size limit, and a request without a file', async () => {
    const big = Buffer.concat([aPdf(), Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const res = await upload('achievements', achievementId, pdf('big.pdf', big));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'file_too_large',
      fields: [{ field: 'file', reason: 'must be at most 5 MB' }],
    });
    const none = await t.app.inject({
      method: 'POST',
      url: `/api/achievements/${achievementId}/attachments`,
      headers: auth,
      payload: {},
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: 'file_missing', fields: [{ field: 'file' }] });
    expect(filesIn('achievement', achievementId)).toHaveLength(1);
  });

  it('serves a file on the public detail page with its type, its Chinese name (RFC 5987) and nosniff', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/events/${slug}/achievements/${achievementId}` });
    expect(page.statusCode).toBe(200);
    const href = new RegExp(
      `href="(/events/${slug}/achievements/${achievementId}/attachments/\\d+)"[^>]*>${CHINESE_NAME}<`,
    );
    expect(page.body).toMatch(href);
    const file = await t.app.inject({ method: 'GET', url: href.exec(page.body)![1] });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `inline; filename="${'_'.repeat(10)}.pdf"; filename*=UTF-8''${ENCODED_NAME}`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(aPdf())).toBe(true);

    const api = await t.app.inject({ method: 'GET', url: `/api/events/${await eventIdOf(slug)}/demands/${demandId}` });
    const [image] = api.json<{ attachments: AttachmentBody[] }>().attachments;
    const served = await t.app.inject({ method: 'GET', url: image.url });
    expect([served.statusCode, served.headers['content-type']]).toEqual([200, 'image/png']);
    expect(served.headers['content-disposition']).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`);
  });

  const eventIdOf = async (eventSlug: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/events' }))
      .json<{ id: number; slug: string }[]>()
      .find((e) => e.slug === eventSlug)!.id;

  it('keeps a file to the events that list its item: 404 for another event, a draft, or an unknown file', async () => {
    const other = await anEvent(t);
    const draft = await anEvent(t, { status: 'draft' });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${draft.id}/achievements/${achievementId}`,
      headers: auth,
      payload: {},
    });
    const [attachment] = (
      await t.app.inject({ method: 'GET', url: `/api/achievements/${achievementId}/attachments`, headers: auth })
    ).json<AttachmentBody[]>();
    for (const url of [
      `/events/${other.slug}/achievements/${achievementId}/attachments/${attachment.id}`,
      `/events/${draft.slug}/achievements/${achievementId}/attachments/${attachment.id}`,
      `/events/${slug}/achievements/${achievementId}/attachments/999999`,
      `/events/${slug}/demands/${achievementId}/attachments/${attachment.id}`,
    ]) {
      expect([url, (await t.app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 404]);
    }
  });

  it('limits the number of attachments per item with a 409 naming the field', async () => {
    const id = await create('achievements', {
      title: '样机照片集',
      summary: '照片。',
      category: 'equipment',
      maturity: 'lab',
      transferModes: ['order'],
      owner: '重庆武瓴智行科技有限公司',
    });
    for (let i = 0; i < 10; i++) {
      expect(
        (await upload('achievements', id, { filename: `${i}.png`, contentType: 'image/png', data: aPng() })).statusCode,
      ).toBe(201);
    }
    const eleventh = await upload('achievements', id, { filename: '10.png', contentType: 'image/png', data: aPng() });
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json()).toMatchObject({ error: 'too_many_attachments', fields: [{ field: 'file' }] });
    expect(filesIn('achievement', id)).toHaveLength(10);

    // Removing the item removes its rows and its folder.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/achievements/${id}`, headers: auth })).statusCode).toBe(
      204,
    );
    expect(existsSync(folder('achievement', id))).toBe(false);
    expect(await t.app.get(Database).manager.countBy(LibraryAttachment, { kind: 'achievement', itemId: id })).toBe(0);
  });

  it('keeps uploads and deletions to organisers', async () => {
    const staff = await staffLogin(t, 'staff@attachments.duijie', []);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/achievements/${achievementId}/attachments`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await upload('achievements', achievementId, pdf(), staff)).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/achievements/${achievementId}/attachments/1`,
          headers: staff,
        })
      ).statusCode,
    ).toBe(403);
    expect((await upload('achievements', 999999, pdf())).statusCode).toBe(404);
  });

  it('uploads and deletes on the console page with the CSRF token; a refused file is explained on the page', async () => {
    const browser = new Browser(t.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
    const page = await browser.get(`/console/demands/${demandId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/console/demands/${demandId}/attachments" enctype="multipart/form-data"`);
    expect(page.body).toContain('photo.png');

    const noToken = await browser.upload(
      `/console/demands/${demandId}/attachments`,
      {},
      { file: pdf('方案.pdf') },
      { csrf: false },
    );
    expect(noToken.statusCode).toBe(403);
    const refused = await browser.upload(
      `/console/demands/${demandId}/attachments`,
      {},
      { file: pdf('方案.pdf', anExe()) },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('must be PDF, PNG, JPEG or WebP (this file is none of them)');
    const added = await browser.upload(`/console/demands/${demandId}/attachments`, {}, { file: pdf('方案.pdf') });
    expect(added.statusCode).toBe(303);
    const after = await browser.get(`/console/demands/${demandId}`);
    expect(after.body).toContain('方案.pdf');
    const attachments = (
      await t.app.inject({ method: 'GET', url: `/api/demands/${demandId}/attachments`, headers: auth })
    ).json<AttachmentBody[]>();
    expect(attachments.map((a) => a.filename)).toEqual(['photo.png', '方案.pdf']);
    const download = await browser.get(`/console/demands/${demandId}/attachments/${attachments[1].id}`);
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('方案.pdf')}`);

    const removed = await browser.post(`/console/demands/${demandId}/attachments/${attachments[1].id}/delete`, {});
    expect(removed.statusCode).toBe(303);
    expect(filesIn('demand', demandId)).toHaveLength(1);
    expect((await browser.get(`/console/demands/${demandId}/attachments/${attachments[1].id}`)).statusCode).toBe(404);
  });
});
