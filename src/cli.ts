/**
 * Command-line administration: npm run cli -- <command> [options]
 *   create-user --email a@b.cn --name 王敏 --role organiser|staff [--password …]   (random password printed if absent)
 *   reset-password --email a@b.cn [--password …]
 *   list-users
 *   backup <file>      a consistent copy of the SQLite database, also while the server runs
 *   restore <file>     replaces the SQLite database with a backup (the server must be stopped)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { USER_ROLES, type UserRole } from './accounts/user.entity.js';
import { UsersService } from './accounts/users.service.js';
import { DomainError } from './common/domain-error.js';
import { BackupError, backupSqlite, postgresBackupHelp, restoreSqlite, type BackupSummary } from './database/backup.js';
import { newToken } from './common/tokens.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { CliModule } from './cli.module.js';

const USAGE = `Usage: npm run cli -- <command> [options]
  create-user --email EMAIL --name NAME --role organiser|staff [--password PASSWORD]
  reset-password --email EMAIL [--password PASSWORD]
  list-users
  backup FILE      consistent copy of the SQLite database, while the server runs
  restore FILE     put a backup back (stop the server first)`;

const describe = (s: BackupSummary) =>
  `${s.file}: ${(s.bytes / 1024 / 1024).toFixed(1)} MB, ${s.tables} tables, integrity ok; ` +
  Object.entries(s.rows)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');

/** backup and restore work on the file itself, without starting the application (no migrations run). */
async function files(command: 'backup' | 'restore', args: string[]): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length) {
    console.error(`${command} needs one file name\n${USAGE}`);
    return 2;
  }
  const { database } = loadConfig();
  if (database.kind === 'postgres') {
    console.error(postgresBackupHelp(database));
    return 2;
  }
  try {
    if (command === 'backup') {
      console.log(`Backed up ${database.path} to ${describe(backupSqlite(database.path, file))}`);
    } else {
      const restored = await restoreSqlite(database.path, file);
      console.log(`Restored ${database.path} from ${file}: ${describe(restored)}`);
      if (restored.kept.length) console.log(`The replaced database is kept as ${restored.kept.join(', ')}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'backup' || command === 'restore') return files(command, rest);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
    },
    strict: true,
  });
  if (!command || !['create-user', 'reset-password', 'list-users'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error'] });
  try {
    const users = app.get(UsersService);
    const password = values.password ?? newToken().slice(0, 16);
    if (values.password !== undefined && values.password.length < 10) {
      console.error('--password must be at least 10 characters long');
      return 2;
    }
    switch (command) {
      case 'create-user': {
        if (!values.email || !values.role || !USER_ROLES.includes(values.role as UserRole)) {
          console.error(`create-user needs --email and --role (${USER_ROLES.join(' or ')})\n${USAGE}`);
          return 2;
        }
        const user = await users.createUser({
          email: values.email,
          name: values.name ?? values.email,
          role: values.role as UserRole,
          password,
        });
        console.log(`Created ${user.role} ${user.email}${values.password ? '' : ` with password ${password}`}`);
        return 0;
      }
      case 'reset-password': {
        if (!values.email) {
          console.error(`reset-password needs --email\n${USAGE}`);
          return 2;
        }
        await users.resetPassword(values.email, password);
        console.log(
          `Password of ${values.email.toLowerCase()} reset${values.password ? '' : ` to ${password}`}; signed out everywhere`,
        );
        return 0;
      }
      default: {
        for (const u of await users.list())
          console.log(`${u.role.padEnd(9)} ${u.email}${u.disabled ? ' (disabled)' : ''}`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`Error: ${error.code}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
