import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

/**
 * The few differences between SQLite and PostgreSQL that the hot paths (check-in, registration, the outbox) meet
 * when they write plain SQL (TypeORM's entity layer costs more than the work itself): placeholders, times and booleans. Times are UTC on both:
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
 * Runs the hot paths' statements (check-in, registration, the outbox) inside a `Database.transaction()`. On SQLite
 * they go straight to better-sqlite3 as cached prepared statements on the one connection that the transaction holds
 * (TypeORM's query wrapper costs more than the statement, and TypeORM 1.1 writes numeric parameters into the SQL text,
 * so its own statement cache rarely hits); on PostgreSQL through the transaction's EntityManager.
 *
 * `select` and `insert` read and write an entity's rows with TypeORM's own column conversions (dates, JSON, booleans)
 * but without its query builder: the statement text is built once per entity and clause, and an insert answers the
 * new id instead of reading the row back.
 */
export class SqlRunner {
  private static readonly bySource = new WeakMap<object, SqlRunner>();

  /** The runner of a data source (one per connection, so its statements are prepared once for all callers). */
  static of(dataSource: DataSource): SqlRunner {
    let runner = SqlRunner.bySource.get(dataSource);
    if (!runner) {
      runner = new SqlRunner(
        dataSource.options.type === 'better-sqlite3',
        () => (dataSource.driver as unknown as { databaseConnection?: RawConnection }).databaseConnection,
      );
      SqlRunner.bySource.set(dataSource, runner);
    }
    return runner;
  }

  readonly dialect: SqlDialect;
  private readonly statements = new Map<string, { statement: RawStatement; order?: number[] }>();

  constructor(
    isSqlite: boolean,
    private readonly connection: () => RawConnection | undefined,
  ) {
    this.dialect = new SqlDialect(isSqlite);
  }

  async all<T>(em: EntityManager, query: string, params: unknown[]): Promise<T[]> {
    if (!this.dialect.isSqlite) {
      // Structured results: TypeORM answers an UPDATE … RETURNING as [rows, count] otherwise.
      const runner = em.queryRunner ?? em.connection.createQueryRunner();
      try {
        return (await runner.query(query, params, true)).records as T[];
      } finally {
        if (runner !== em.queryRunner) await runner.release();
      }
    }
    let prepared = this.statements.get(query);
    if (!prepared) {
      // SQLite's ? are bound in order of appearance: $n used twice or out of order are mapped to their positions.
      const order = [...query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      const inOrder = order.every((n, i) => n === i);
      const statement = this.prepared(query);
      if (!statement) return em.query(this.dialect.text(query), inOrder ? params : order.map((n) => params[n]));
      prepared = { statement, order: inOrder ? undefined : order };
      this.statements.set(query, prepared);
    }
    const { statement, order } = prepared;
    const values = order ? order.map((n) => params[n]) : params;
    if (statement.reader) return statement.all(...values) as T[];
    statement.run(...values);
    return [];
  }

  /**
   * SQLite: the cached prepared statement of a query whose $n are numbered in order of use; undefined without the
   * better-sqlite3 connection (then the query goes through TypeORM).
   */
  private prepared(query: string): RawStatement | undefined {
    const cached = this.statements.get(query);
    if (cached) return cached.statement;
    const connection = this.connection();
    if (!connection) return undefined;
    const statement = connection.prepare(this.dialect.text(query));
    this.statements.set(query, { statement });
    return statement;
  }

  /**
   * The number of rows an UPDATE or DELETE changed (its $n numbered in order of use), without RETURNING rows to build
   * and read: on SQLite the prepared statement's count, on PostgreSQL the command's row count.
   */
  async changes(em: EntityManager, query: string, params: unknown[]): Promise<number> {
    const statement = this.dialect.isSqlite ? this.prepared(query) : undefined;
    if (statement) return (statement.run(...params) as { changes: number }).changes;
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      return (await runner.query(this.dialect.text(query), params, true)).affected ?? 0;
    } finally {
      if (runner !== em.queryRunner) await runner.release();
    }
  }

  /** The statement's changed-row count is not needed by the callers: writes that must know use RETURNING. */
  async exec(em: EntityManager, query: string, params: unknown[] = []): Promise<void> {
    await this.all(em, query, params);
  }

  /**
   * Rows of an entity's table as entities: `clause` is what follows `FROM "table"` (WHERE, ORDER BY, LIMIT), written
   * with $1, $2 … and the table's column names; parameters are given as stored (see `dialect`).
   */
  async select<T extends ObjectLiteral>(
    em: EntityManager,
    entity: new () => T,
    clause: string,
    params: unknown[],
  ): Promise<T[]> {
    const metadata = em.connection.getMetadata(entity);
    const key = `select\u0000${metadata.tableName}\u0000${clause}`;
    let query = this.texts.get(key);
    if (query === undefined) {
      const columns = metadata.columns.map((c) => `"${c.databaseName}"`).join(', ');
      query = `SELECT ${columns} FROM "${metadata.tablePath}" ${clause}`;
      this.texts.set(key, query);
    }
    const rows = await this.all<Record<string, unknown>>(em, query, params);
    return rows.map((row) => hydrate(em, metadata, row) as T);
  }

  /** A whole statement whose rows are an entity's columns (e.g. UPDATE … RETURNING *), as entities. */
  async entities<T extends ObjectLiteral>(
    em: EntityManager,
    entity: new () => T,
    query: string,
    params: unknown[],
  ): Promise<T[]> {
    const metadata = em.connection.getMetadata(entity);
    const rows = await this.all<Record<string, unknown>>(em, query, params);
    return rows.map((row) => hydrate(em, metadata, row) as T);
  }

  async selectOne<T extends ObjectLiteral>(
    em: EntityManager,
    entity: new () => T,
    clause: string,
    params: unknown[],
  ): Promise<T | null> {
    return (await this.select(em, entity, `${clause} LIMIT 1`, params))[0] ?? null;
  }

  /**
   * Inserts one row of an entity (values by property name, converted as TypeORM stores them) and answers its id;
   * with `orIgnore`, undefined when a unique index already holds the row. The row is not read back. The id is the
   * table's integer primary key (`@PrimaryGeneratedColumn()`): on SQLite the new rowid, on PostgreSQL `RETURNING id`.
   */
  async insert<T extends ObjectLiteral>(
    em: EntityManager,
    entity: new () => T,
    values: Partial<Record<keyof T & string, unknown>>,
    options: { orIgnore?: boolean } = {},
  ): Promise<number | undefined> {
    const metadata = em.connection.getMetadata(entity);
    const names = Object.keys(values);
    const key = `insert\u0000${metadata.tableName}\u0000${options.orIgnore ? 1 : 0}\u0000${names.join(',')}`;
    let plan = this.inserts.get(key);
    if (plan === undefined) {
      const columns = names.map((name) => {
        const column = metadata.findColumnWithPropertyName(name);
        if (!column) throw new Error(`${metadata.name} has no column ${name}`);
        return column;
      });
      const text =
        `INSERT INTO "${metadata.tablePath}" (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) ` +
        `VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})${options.orIgnore ? ' ON CONFLICT DO NOTHING' : ''}`;
      plan = { columns, text, returning: `${text} RETURNING id` };
      this.inserts.set(key, plan);
    }
    const driver = em.connection.driver;
    const { columns } = plan;
    const params = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      params[i] = driver.preparePersistentValue((values as Record<string, unknown>)[names[i]], columns[i]);
    }
    // SQLite: the new rowid comes with the statement's result, without a RETURNING row to build and read.
    const statement = this.dialect.isSqlite ? this.prepared(plan.text) : undefined;
    if (statement) {
      const result = statement.run(...params) as { changes: number; lastInsertRowid: number | bigint };
      return result.changes > 0 ? Number(result.lastInsertRowid) : undefined;
    }
    const rows = await this.all<{ id: number | string }>(em, plan.returning, params);
    return rows.length ? Number(rows[0].id) : undefined;
  }

  /** An insert's columns and statement texts, by entity, conflict handling and property names (see `insert`). */
  private readonly inserts = new Map<string, { columns: EntityMetadata['columns']; text: string; returning: string }>();

  /** Statement texts built from entity metadata, by entity and clause. */
  private readonly texts = new Map<string, string>();
}

/** A raw row as the entity TypeORM would load: each column converted by the driver, as its query builder does. */
function hydrate(em: EntityManager, metadata: EntityMetadata, row: Record<string, unknown>): ObjectLiteral {
  const entity = metadata.create() as ObjectLiteral;
  const driver = em.connection.driver;
  for (const column of metadata.columns) {
    const value = row[column.databaseName];
    if (value === undefined) continue;
    column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
  }
  return entity;
}
