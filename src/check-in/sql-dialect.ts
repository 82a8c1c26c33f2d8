import type { EntityManager } from 'typeorm';

/**
 * The few differences between SQLite and PostgreSQL that the check-in hot path meets when it writes plain SQL
 * (TypeORM's entity layer costs more than the scan itself): placeholders, times and booleans. Times are UTC on both:
 * TypeORM keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' text, PostgreSQL as timestamp without time zone.
 */
export class SqlDialect {
  private readonly texts = new Map<string, string>();

  constructor(readonly isSqlite: boolean) {}

  /** Query text written with $1, $2 … in order of use; SQLite gets ? instead. */
  text(query: string): string {
    if (!this.isSqlite) return query;
    let converted = this.texts.get(query);
    if (converted === undefined) {
      converted = query.replace(/\$\d+/g, '?');
      this.texts.set(query, converted);
    }
    return converted;
  }

  time(date: Date): Date | string {
    return this.isSqlite ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
  }

  readTime(value: unknown): Date {
    if (value instanceof Date) return value;
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  }

  bool(value: boolean): boolean | number {
    return this.isSqlite ? (value ? 1 : 0) : value;
  }

  readBool(value: unknown): boolean {
    return value === true || value === 1 || value === '1' || value === 't';
  }
}

export interface RawStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

/** The better-sqlite3 connection, as far as the runner uses it. */
export interface RawConnection {
  prepare(source: string): RawStatement;
}

/**
 * Runs the check-in hot path's statements inside a `Database.transaction()`. On SQLite they go straight to
 * better-sqlite3 as cached prepared statements on the one connection that the transaction holds (TypeORM's query
 * wrapper costs more than the statement); on PostgreSQL through the transaction's EntityManager.
 */
export class SqlRunner {
  readonly dialect: SqlDialect;
  private readonly statements = new Map<string, RawStatement>();

  constructor(
    isSqlite: boolean,
    private readonly connection: () => RawConnection | undefined,
  ) {
    this.dialect = new SqlDialect(isSqlite);
  }

  async all<T>(em: EntityManager, query: string, params: unknown[]): Promise<T[]> {
    if (!this.dialect.isSqlite) return em.query(query, params);
    let statement = this.statements.get(query);
    if (!statement) {
      const connection = this.connection();
      if (!connection) return em.query(this.dialect.text(query), params);
      statement = connection.prepare(this.dialect.text(query));
      this.statements.set(query, statement);
    }
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }
}
