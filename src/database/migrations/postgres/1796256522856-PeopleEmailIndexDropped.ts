import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleEmailIndexDropped1796256522856 implements MigrationInterface {
  name = 'PeopleEmailIndexDropped1796256522856';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c77e8752faa45901af2b245dff\"");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_c77e8752faa45901af2b245dff\" ON \"people\" USING btree (\"email\") ");
  }
}
