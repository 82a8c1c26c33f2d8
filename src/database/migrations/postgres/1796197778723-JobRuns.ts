import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRuns1796197778723 implements MigrationInterface {
  name = 'JobRuns1796197778723';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"job_runs\" (\"key\" character varying(200) NOT NULL, \"claim\" character varying(36) NOT NULL, \"ranBy\" character varying(200) NOT NULL, \"ranAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_f7300aa14d63a296dce091a6b21\" PRIMARY KEY (\"key\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"job_runs\"");
  }
}
