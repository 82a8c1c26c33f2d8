import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckInNonceScope1796203460935 implements MigrationInterface {
  name = 'CheckInNonceScope1796203460935';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD \"nonceScope\" character varying(100) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD \"claimedAt\" TIMESTAMP");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_dc0861c7aa14ffca1447d57033\" ON \"check_ins\"  (\"eventId\", \"nonceScope\", \"nonce\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_dc0861c7aa14ffca1447d57033\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP COLUMN \"claimedAt\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP COLUMN \"nonceScope\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\" USING btree (\"eventId\", \"nonce\") ");
  }
}
