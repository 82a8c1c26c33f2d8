import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import { Database } from '../../src/database/database.service.js';
import { DirectoryService } from '../../src/directory/directory.service.js';
import { Organisation } from '../../src/directory/organisation.entity.js';
import { Person } from '../../src/directory/person.entity.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

describe(`the directory on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let database: Database;
  const directory = new DirectoryService();

  beforeAll(async () => {
    db = await freshDatabase();
    dataSource = await openDatabase(db.database);
    database = new Database(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('ends 50 concurrent resolves of one new organisation, spelt with spaces and full-width forms, with one row and no error', async () => {
    const spellings = [
      '成都先进 材料研究院',
      ' 成都先进  材料研究院 ',
      '成都先进\u3000材料研究院',
      'ＡＢＣ成都先进 材料研究院',
    ];
    // Two names: three spellings of one, and a full-width Latin prefix that NFKC folds into a second one.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        database.transaction((em) =>
          directory.resolveOrganisationIn(em, { name: spellings[i % 3], kind: 'research_institute' }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const resolved = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(new Set(resolved.map((r) => r?.organisation.id)).size).toBe(1);
    expect(resolved.filter((r) => r?.created)).toHaveLength(1);
    expect(await dataSource.manager.countBy(Organisation, { nameKey: '成都先进 材料研究院' })).toBe(1);

    const other = await database.transaction((em) => directory.resolveOrganisationIn(em, { name: spellings[3] }));
    expect(other.organisation).toEqual(
      expect.objectContaining({ nameKey: 'abc成都先进 材料研究院', name: 'ＡＢＣ成都先进 材料研究院', kind: 'other' }),
    );
  });

  it('ends 50 concurrent resolves of one new person by email in different cases with one row and no error', async () => {
    const emails = ['Zhang.San@Example.cn', 'zhang.san@example.cn', ' ZHANG.SAN@EXAMPLE.CN '];
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        database.transaction((em) =>
          directory.resolvePersonIn(em, { name: i % 2 ? '张三' : '張三', email: emails[i % 3], title: '总工程师' }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const ids = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.person.id : 0)));
    expect(ids.size).toBe(1);
    const rows = await dataSource.manager.findBy(Person, { personKey: 'email:zhang.san@example.cn' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.objectContaining({ email: 'zhang.san@example.cn', title: '总工程师' }));
  });

  it('finds a person without email by name and organisation, and tells apart the same name elsewhere', async () => {
    const { organisation: western } = await database.transaction((em) =>
      directory.resolveOrganisationIn(em, { name: '先进技术成果西部转化中心', kind: 'service_agency' }),
    );
    const { organisation: eastern } = await database.transaction((em) =>
      directory.resolveOrganisationIn(em, { name: '先进技术成果长三角转化中心', kind: 'service_agency' }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        database.transaction((em) =>
          directory.resolvePersonIn(em, {
            name: i % 2 ? '李 国平' : ' 李 国平',
            organisationId: i < 10 ? western.id : eastern.id,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const ids = results.map((r) => (r.status === 'fulfilled' ? r.value.person.id : 0));
    expect(new Set(ids.slice(0, 10)).size).toBe(1);
    expect(new Set(ids.slice(10)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[10]);
    expect(await dataSource.manager.countBy(Person, { name: '李 国平' })).toBe(2);

    // Without an organisation, the name alone is a third person; with an email, the email decides.
    const alone = await database.transaction((em) => directory.resolvePersonIn(em, { name: '李国平' }));
    const byEmail = await database.transaction((em) =>
      directory.resolvePersonIn(em, { name: '李 国平', email: 'li@example.cn', organisationId: western.id }),
    );
    expect(alone.created).toBe(true);
    expect(byEmail.created).toBe(true);
    expect(new Set([ids[0], ids[10], alone.person.id, byEmail.person.id]).size).toBe(4);
  });

  it('fills empty fields of a known record and never overwrites one, the name above all', async () => {
    const first = await database.transaction((em) =>
      directory.resolvePersonIn(em, { name: '王敏', email: 'wang.min@example.cn', title: '副局长' }),
    );
    expect(first.person).toEqual(
      expect.objectContaining({ name: '王敏', title: '副局长', titleEn: null, phone: null, organisationId: null }),
    );
    const { organisation } = await database.transaction((em) =>
      directory.resolveOrganisationIn(em, { name: '德阳市科技局' }),
    );
    expect(organisation.kind).toBe('other');
    const again = await database.transaction((em) =>
      directory.resolvePersonIn(em, {
        name: 'Wang Min',
        email: 'WANG.MIN@example.cn',
        title: '局长',
        titleEn: 'Deputy Director',
        phone: '  ',
        organisationId: organisation.id,
      }),
    );
    expect(again.created).toBe(false);
    expect(await dataSource.manager.findOneByOrFail(Person, { id: first.person.id })).toEqual(
      expect.objectContaining({
        name: '王敏',
        title: '副局长',
        titleEn: 'Deputy Director',
        phone: null,
        organisationId: organisation.id,
      }),
    );

    // An organisation: a kind given fills `other` once, later kinds and other spellings change nothing.
    const kinded = await database.transaction((em) =>
      directory.resolveOrganisationIn(em, { name: ' 德阳市科技局　', kind: 'government', region: '四川·德阳' }),
    );
    expect(kinded.organisation).toEqual(
      expect.objectContaining({ id: organisation.id, name: '德阳市科技局', kind: 'government', region: '四川·德阳' }),
    );
    const later = await database.transaction((em) =>
      directory.resolveOrganisationIn(em, {
        name: '德阳市科技局',
        kind: 'enterprise',
        region: '德阳',
        regionEn: 'Deyang',
      }),
    );
    expect(later.organisation).toEqual(
      expect.objectContaining({ kind: 'government', region: '四川·德阳', regionEn: 'Deyang' }),
    );
  });
});
