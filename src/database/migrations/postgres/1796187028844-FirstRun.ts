import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FirstRun1796187028844 implements MigrationInterface {
  name = 'FirstRun1796187028844';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"events\" ADD \"shortTitle\" character varying(60)");
    await queryRunner.query("ALTER TABLE \"events\" ADD \"shortTitleEn\" character varying(80)");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD \"shortNameEn\" character varying(100)");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD \"regionEn\" character varying(100)");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD \"description\" text");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD \"descriptionEn\" text");
    await queryRunner.query("ALTER TABLE \"people\" ADD \"titleEn\" character varying(100)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"people\" DROP COLUMN \"titleEn\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP COLUMN \"descriptionEn\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP COLUMN \"description\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP COLUMN \"regionEn\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP COLUMN \"shortNameEn\"");
    await queryRunner.query("ALTER TABLE \"events\" DROP COLUMN \"shortTitleEn\"");
    await queryRunner.query("ALTER TABLE \"events\" DROP COLUMN \"shortTitle\"");
  }
}
