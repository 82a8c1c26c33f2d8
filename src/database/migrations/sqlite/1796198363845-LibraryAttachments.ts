import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LibraryAttachments1796198363845 implements MigrationInterface {
  name = 'LibraryAttachments1796198363845';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"library_attachments\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"kind\" varchar(12) NOT NULL, \"itemId\" integer NOT NULL, \"filename\" varchar(200) NOT NULL, \"fileType\" varchar(8) NOT NULL, \"size\" integer NOT NULL, \"storedName\" varchar(64) NOT NULL, \"sha256\" varchar(64) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_c4aab44f09257574c3258d556e\" ON \"library_attachments\" (\"kind\", \"itemId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_c4aab44f09257574c3258d556e\"");
    await queryRunner.query("DROP TABLE \"library_attachments\"");
  }
}
