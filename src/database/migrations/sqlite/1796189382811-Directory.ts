import type { MigrationInterface, QueryRunner } from 'typeorm';
import { fillPersonKeys } from '../person-keys.js';

export class Directory1796189382811 implements MigrationInterface {
  name = 'Directory1796189382811';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_c77e8752faa45901af2b245dff\"");
    await queryRunner.query("CREATE TABLE \"temporary_people\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(100) NOT NULL, \"nameEn\" varchar(100), \"email\" varchar(254), \"phone\" varchar(40), \"title\" varchar(100), \"organisationId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"titleEn\" varchar(100), \"personKey\" varchar(320), CONSTRAINT \"UQ_a291f4da7749bf703323901e388\" UNIQUE (\"personKey\"), CONSTRAINT \"FK_553eb5b624931ac05726b658c2e\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_people\"(\"id\", \"name\", \"nameEn\", \"email\", \"phone\", \"title\", \"organisationId\", \"createdAt\", \"titleEn\") SELECT \"id\", \"name\", \"nameEn\", \"email\", \"phone\", \"title\", \"organisationId\", \"createdAt\", \"titleEn\" FROM \"people\"");
    await queryRunner.query("DROP TABLE \"people\"");
    await queryRunner.query("ALTER TABLE \"temporary_people\" RENAME TO \"people\"");
    await queryRunner.query("CREATE INDEX \"IDX_c77e8752faa45901af2b245dff\" ON \"people\" (\"email\") ");
    await fillPersonKeys(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_c77e8752faa45901af2b245dff\"");
    await queryRunner.query("ALTER TABLE \"people\" RENAME TO \"temporary_people\"");
    await queryRunner.query("CREATE TABLE \"people\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(100) NOT NULL, \"nameEn\" varchar(100), \"email\" varchar(254), \"phone\" varchar(40), \"title\" varchar(100), \"organisationId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"titleEn\" varchar(100), CONSTRAINT \"FK_553eb5b624931ac05726b658c2e\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"people\"(\"id\", \"name\", \"nameEn\", \"email\", \"phone\", \"title\", \"organisationId\", \"createdAt\", \"titleEn\") SELECT \"id\", \"name\", \"nameEn\", \"email\", \"phone\", \"title\", \"organisationId\", \"createdAt\", \"titleEn\" FROM \"temporary_people\"");
    await queryRunner.query("DROP TABLE \"temporary_people\"");
    await queryRunner.query("CREATE INDEX \"IDX_c77e8752faa45901af2b245dff\" ON \"people\" (\"email\") ");
  }
}
