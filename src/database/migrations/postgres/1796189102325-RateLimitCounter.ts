import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimitCounter1796189102325 implements MigrationInterface {
  name = 'RateLimitCounter1796189102325';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rate_limit_counter\" (\"key\" character varying(64) NOT NULL, \"hits\" integer NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_5bfa3ad3fe33321b1d17eae4746\" PRIMARY KEY (\"key\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"rate_limit_counter\"");
  }
}
