import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRuns1796197778723 implements MigrationInterface {
  name = 'JobRuns1796197778723';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"job_runs\" (\"key\" varchar(200) PRIMARY KEY NOT NULL, \"claim\" varchar(36) NOT NULL, \"ranBy\" varchar(200) NOT NULL, \"ranAt\" datetime NOT NULL)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"job_runs\"");
  }
}
