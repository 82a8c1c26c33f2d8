import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LibraryAttachments1796198363845 implements MigrationInterface {
  name = 'LibraryAttachments1796198363845';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"library_attachments\" (\"id\" SERIAL NOT NULL, \"kind\" character varying(12) NOT NULL, \"itemId\" integer NOT NULL, \"filename\" character varying(200) NOT NULL, \"fileType\" character varying(8) NOT NULL, \"size\" integer NOT NULL, \"storedName\" character varying(64) NOT NULL, \"sha256\" character varying(64) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_2f6eb3b0cc6cc4f5481b0b5d13a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_c4aab44f09257574c3258d556e\" ON \"library_attachments\"  (\"kind\", \"itemId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c4aab44f09257574c3258d556e\"");
    await queryRunner.query("DROP TABLE \"library_attachments\"");
  }
}
