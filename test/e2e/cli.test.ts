import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { User } from '../../src/accounts/user.entity.js';
import { verifyPassword } from '../../src/common/tokens.js';
import { openDatabase } from '../../src/app-database.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

describe('command line (npm run cli)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await freshDatabase();
    const url = db.database.kind === 'sqlite' ? `sqlite:${db.database.path}` : db.database.url;
    env = { ...process.env, DATA_DIR: db.dataDir, DATABASE_URL: url, LOG_LEVEL: 'error' };
  });
  afterAll(() => db.drop());

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, timeout: 60_000 });

  async function storedHash(email: string): Promise<string | null> {
    const dataSource = await openDatabase(db.database);
    try {
      return (await dataSource.manager.findOneByOrFail(User, { email })).passwordHash;
    } finally {
      await dataSource.destroy();
    }
  }

  it('creates an organiser with a given password, stored only as a memory-hard hash', async () => {
    const { stdout } = await cli(
      'create-user',
      '--email',
      'Wang.Min@Example.cn',
      '--name',
      '王敏',
      '--role',
      'organiser',
      '--password',
      'a-long-password',
    );
    expect(stdout.trim()).toBe('Created organiser wang.min@example.cn');
    const hash = await storedHash('wang.min@example.cn');
    expect(hash).toMatch(/^\$scrypt\$N=32768,r=8,p=1\$/);
    expect(await verifyPassword('a-long-password', hash)).toBe(true);
  });

  it('resets a password to a random one that it prints once', async () => {
    const { stdout } = await cli('reset-password', '--email', 'wang.min@example.cn');
    const printed = /reset to (\S+);/.exec(stdout)?.[1];
    expect(printed).toMatch(/^[\w-]{16}$/);
    const hash = await storedHash('wang.min@example.cn');
    expect(await verifyPassword(printed!, hash)).toBe(true);
    expect(await verifyPassword('a-long-password', hash)).toBe(false);
  });

  it('refuses a duplicate email, a short password and an unknown command with a message and a non-zero exit', async () => {
    await expect(cli('create-user', '--email', 'wang.min@example.cn', '--role', 'staff')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('email_taken'),
    });
    await expect(
      cli('create-user', '--email', 'x@example.cn', '--role', 'staff', '--password', 'short'),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('at least 10 characters'),
    });
    await expect(cli('make-coffee')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run cli'),
    });
  });

  it('lists the users', async () => {
    const { stdout } = await cli('list-users');
    expect(stdout.trim()).toBe('organiser wang.min@example.cn');
  });
});
