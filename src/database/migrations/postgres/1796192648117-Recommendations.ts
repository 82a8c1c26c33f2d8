import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Recommendations1796192648117 implements MigrationInterface {
  name = 'Recommendations1796192648117';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"recommendation_overrides\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"fromKind\" character varying(12) NOT NULL, \"fromId\" integer NOT NULL, \"toKind\" character varying(12) NOT NULL, \"toId\" integer NOT NULL, \"action\" character varying(8) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_fb445b7b0972976a7741e84d1a7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ee444b239d77d69ae4db275c2f\" ON \"recommendation_overrides\"  (\"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\") ");
    await queryRunner.query("ALTER TABLE \"recommendation_overrides\" ADD CONSTRAINT \"FK_e982ef0c3033f356d34fd387d4d\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"recommendation_overrides\" DROP CONSTRAINT \"FK_e982ef0c3033f356d34fd387d4d\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ee444b239d77d69ae4db275c2f\"");
    await queryRunner.query("DROP TABLE \"recommendation_overrides\"");
  }
}
