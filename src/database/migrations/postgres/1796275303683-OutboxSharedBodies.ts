import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxSharedBodies1796275303683 implements MigrationInterface {
  name = 'OutboxSharedBodies1796275303683';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mail_bodies\" (\"hash\" character varying(64) NOT NULL, \"content\" text NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_20601aa76502eb988a210559886\" PRIMARY KEY (\"hash\"))");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ADD \"bodyHash\" character varying(64)");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ADD \"bodyValues\" text");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ALTER COLUMN \"html\" DROP NOT NULL");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ALTER COLUMN \"text\" DROP NOT NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ALTER COLUMN \"text\" SET NOT NULL");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ALTER COLUMN \"html\" SET NOT NULL");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" DROP COLUMN \"bodyValues\"");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" DROP COLUMN \"bodyHash\"");
    await queryRunner.query("DROP TABLE \"mail_bodies\"");
  }
}
