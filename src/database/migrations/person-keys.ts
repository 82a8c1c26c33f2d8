import type { QueryRunner } from 'typeorm';

/**
 * Data step of the Directory migration (both dialects): gives every existing person the key the directory now
 * recognises people by (`email:<address>`, or `name:<organisationId or 0>:<normalised name>`). Records that
 * duplicate an older one (two rows for one email, written by a race before the key existed) are left without a key:
 * they keep their registrations and sessions, and resolving finds the oldest record, as the look-ups did before.
 * The normalisation is copied here on purpose: a migration must keep meaning what it meant when it was written.
 */
export async function fillPersonKeys(queryRunner: QueryRunner): Promise<void> {
  const rows: { id: number; name: string; email: string | null; organisationId: number | null }[] =
    await queryRunner.query('SELECT "id", "name", "email", "organisationId" FROM "people" ORDER BY "id"');
  const sql =
    queryRunner.connection.driver.options.type === 'postgres'
      ? 'UPDATE "people" SET "personKey" = $1 WHERE "id" = $2'
      : 'UPDATE "people" SET "personKey" = ? WHERE "id" = ?';
  const taken = new Set<string>();
  for (const row of rows) {
    const email = row.email?.normalize('NFKC').trim().toLowerCase();
    const name = row.name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
    const key = email ? `email:${email}` : `name:${row.organisationId ?? 0}:${name}`;
    if (taken.has(key)) continue;
    taken.add(key);
    await queryRunner.query(sql, [key, row.id]);
  }
}
