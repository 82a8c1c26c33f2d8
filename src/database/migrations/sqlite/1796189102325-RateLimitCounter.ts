import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimitCounter1796189102325 implements MigrationInterface {
  name = 'RateLimitCounter1796189102325';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rate_limit_counter\" (\"key\" varchar(64) PRIMARY KEY NOT NULL, \"hits\" integer NOT NULL, \"expiresAt\" datetime NOT NULL)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"rate_limit_counter\"");
  }
}
