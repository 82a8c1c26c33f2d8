import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Recommendations1796192648117 implements MigrationInterface {
  name = 'Recommendations1796192648117';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromKind\" varchar(12) NOT NULL, \"fromId\" integer NOT NULL, \"toKind\" varchar(12) NOT NULL, \"toId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ee444b239d77d69ae4db275c2f\" ON \"recommendation_overrides\" (\"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\") ");
    await queryRunner.query("DROP INDEX \"IDX_ee444b239d77d69ae4db275c2f\"");
    await queryRunner.query("CREATE TABLE \"temporary_recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromKind\" varchar(12) NOT NULL, \"fromId\" integer NOT NULL, \"toKind\" varchar(12) NOT NULL, \"toId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_e982ef0c3033f356d34fd387d4d\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_recommendation_overrides\"(\"id\", \"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\", \"action\", \"createdAt\") SELECT \"id\", \"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\", \"action\", \"createdAt\" FROM \"recommendation_overrides\"");
    await queryRunner.query("DROP TABLE \"recommendation_overrides\"");
    await queryRunner.query("ALTER TABLE \"temporary_recommendation_overrides\" RENAME TO \"recommendation_overrides\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ee444b239d77d69ae4db275c2f\" ON \"recommendation_overrides\" (\"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_ee444b239d77d69ae4db275c2f\"");
    await queryRunner.query("ALTER TABLE \"recommendation_overrides\" RENAME TO \"temporary_recommendation_overrides\"");
    await queryRunner.query("CREATE TABLE \"recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromKind\" varchar(12) NOT NULL, \"fromId\" integer NOT NULL, \"toKind\" varchar(12) NOT NULL, \"toId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"recommendation_overrides\"(\"id\", \"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\", \"action\", \"createdAt\") SELECT \"id\", \"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\", \"action\", \"createdAt\" FROM \"temporary_recommendation_overrides\"");
    await queryRunner.query("DROP TABLE \"temporary_recommendation_overrides\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ee444b239d77d69ae4db275c2f\" ON \"recommendation_overrides\" (\"eventId\", \"fromKind\", \"fromId\", \"toKind\", \"toId\") ");
    await queryRunner.query("DROP INDEX \"IDX_ee444b239d77d69ae4db275c2f\"");
    await queryRunner.query("DROP TABLE \"recommendation_overrides\"");
  }
}
