import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BadgeRegistrationIndex1796259100877 implements MigrationInterface {
  name = 'BadgeRegistrationIndex1796259100877';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_eb5c829cf92fd25ae3fce51fbc\" ON \"badges\" (\"registrationId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_eb5c829cf92fd25ae3fce51fbc\"");
  }
}
