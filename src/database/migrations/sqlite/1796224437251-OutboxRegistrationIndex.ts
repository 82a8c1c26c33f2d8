import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRegistrationIndex1796224437251 implements MigrationInterface {
  name = 'OutboxRegistrationIndex1796224437251';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_721ab8b63f215f03bfbd266e2b\" ON \"outbox_messages\" (\"registrationId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_721ab8b63f215f03bfbd266e2b\"");
  }
}
