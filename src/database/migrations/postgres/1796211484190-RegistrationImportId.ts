import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistrationImportId1796211484190 implements MigrationInterface {
  name = 'RegistrationImportId1796211484190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"registrations\" ADD \"importId\" character varying(36)");
    await queryRunner.query("CREATE INDEX \"IDX_718ff9424d1009313cacf363d0\" ON \"registrations\"  (\"importId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_718ff9424d1009313cacf363d0\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP COLUMN \"importId\"");
  }
}
