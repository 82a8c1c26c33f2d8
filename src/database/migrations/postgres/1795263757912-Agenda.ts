import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Agenda1795263757912 implements MigrationInterface {
  name = 'Agenda1795263757912';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"schedule_versions\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"version\" integer NOT NULL, \"snapshot\" text NOT NULL, \"changes\" text NOT NULL, \"publishedById\" integer, \"notifiedAt\" TIMESTAMP, \"publishedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_a4cc5e89e78179a0274971391f8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\" ON \"schedule_versions\"  (\"eventId\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"session_people\" (\"id\" SERIAL NOT NULL, \"sessionId\" integer NOT NULL, \"personId\" integer NOT NULL, \"role\" character varying(16) NOT NULL, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_0c3e8039f3ccb2db90b3dc8df8f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b10d920ad6843abf1378a05445\" ON \"session_people\"  (\"personId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b812e6d68728b36d62173d00f8\" ON \"session_people\"  (\"sessionId\", \"personId\", \"role\") ");
    await queryRunner.query("CREATE TABLE \"session_stars\" (\"id\" SERIAL NOT NULL, \"registrationId\" integer NOT NULL, \"sessionId\" integer NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_cc8826701d72fc3dc4b958ddac7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\" ON \"session_stars\"  (\"sessionId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d477e4b411048278196bc2d8c4\" ON \"session_stars\"  (\"registrationId\", \"sessionId\") ");
    await queryRunner.query("ALTER TABLE \"rooms\" ADD \"availableFrom\" TIMESTAMP");
    await queryRunner.query("ALTER TABLE \"rooms\" ADD \"availableUntil\" TIMESTAMP");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD \"capacity\" integer");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD \"cancelledAt\" TIMESTAMP");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD \"acceptedWarnings\" text");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now()");
    await queryRunner.query("ALTER TABLE \"schedule_versions\" ADD CONSTRAINT \"FK_df63164ced8966ad880519fb418\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_people\" ADD CONSTRAINT \"FK_ec76233e8f958b625daf39e672b\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_people\" ADD CONSTRAINT \"FK_b10d920ad6843abf1378a05445a\" FOREIGN KEY (\"personId\") REFERENCES \"people\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_stars\" ADD CONSTRAINT \"FK_f7292bcbf386a0bd31d17b96d34\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_stars\" ADD CONSTRAINT \"FK_bb3be7e5bbbf25f7d47d5b8f95f\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"session_stars\" DROP CONSTRAINT \"FK_bb3be7e5bbbf25f7d47d5b8f95f\"");
    await queryRunner.query("ALTER TABLE \"session_stars\" DROP CONSTRAINT \"FK_f7292bcbf386a0bd31d17b96d34\"");
    await queryRunner.query("ALTER TABLE \"session_people\" DROP CONSTRAINT \"FK_b10d920ad6843abf1378a05445a\"");
    await queryRunner.query("ALTER TABLE \"session_people\" DROP CONSTRAINT \"FK_ec76233e8f958b625daf39e672b\"");
    await queryRunner.query("ALTER TABLE \"schedule_versions\" DROP CONSTRAINT \"FK_df63164ced8966ad880519fb418\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP COLUMN \"updatedAt\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP COLUMN \"acceptedWarnings\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP COLUMN \"cancelledAt\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP COLUMN \"capacity\"");
    await queryRunner.query("ALTER TABLE \"rooms\" DROP COLUMN \"availableUntil\"");
    await queryRunner.query("ALTER TABLE \"rooms\" DROP COLUMN \"availableFrom\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d477e4b411048278196bc2d8c4\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_bb3be7e5bbbf25f7d47d5b8f95\"");
    await queryRunner.query("DROP TABLE \"session_stars\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b812e6d68728b36d62173d00f8\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b10d920ad6843abf1378a05445\"");
    await queryRunner.query("DROP TABLE \"session_people\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8b3dff5e90b5da5d988b79bb05\"");
    await queryRunner.query("DROP TABLE \"schedule_versions\"");
  }
}
