import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Agenda1795263757912 implements MigrationInterface {
  name = 'Agenda1795263757912';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"schedule_versions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"version\" integer NOT NULL, \"snapshot\" text NOT NULL, \"changes\" text NOT NULL, \"publishedById\" integer, \"notifiedAt\" datetime, \"publishedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\" ON \"schedule_versions\" (\"eventId\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"session_people\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"sessionId\" integer NOT NULL, \"personId\" integer NOT NULL, \"role\" varchar(16) NOT NULL, \"position\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE INDEX \"IDX_b10d920ad6843abf1378a05445\" ON \"session_people\" (\"personId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b812e6d68728b36d62173d00f8\" ON \"session_people\" (\"sessionId\", \"personId\", \"role\") ");
    await queryRunner.query("CREATE TABLE \"session_stars\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"registrationId\" integer NOT NULL, \"sessionId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\" ON \"session_stars\" (\"sessionId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d477e4b411048278196bc2d8c4\" ON \"session_stars\" (\"registrationId\", \"sessionId\") ");
    await queryRunner.query("CREATE TABLE \"temporary_rooms\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"venueId\" integer NOT NULL, \"name\" varchar(200) NOT NULL, \"nameEn\" varchar(200), \"capacity\" integer, \"position\" integer NOT NULL DEFAULT (0), \"availableFrom\" datetime, \"availableUntil\" datetime, CONSTRAINT \"FK_5b3dd3748d97a04156edec00e37\" FOREIGN KEY (\"venueId\") REFERENCES \"venues\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_rooms\"(\"id\", \"venueId\", \"name\", \"nameEn\", \"capacity\", \"position\") SELECT \"id\", \"venueId\", \"name\", \"nameEn\", \"capacity\", \"position\" FROM \"rooms\"");
    await queryRunner.query("DROP TABLE \"rooms\"");
    await queryRunner.query("ALTER TABLE \"temporary_rooms\" RENAME TO \"rooms\"");
    await queryRunner.query("DROP INDEX \"IDX_69ccd615d32ab939b34d50c50c\"");
    await queryRunner.query("CREATE TABLE \"temporary_agenda_sessions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"roomId\" integer, \"kind\" varchar(32) NOT NULL, \"title\" varchar(300) NOT NULL, \"titleEn\" varchar(300), \"description\" text, \"descriptionEn\" text, \"startsAt\" datetime NOT NULL, \"endsAt\" datetime NOT NULL, \"position\" integer NOT NULL DEFAULT (0), \"capacity\" integer, \"cancelledAt\" datetime, \"acceptedWarnings\" text, \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_d7b8cf330820852adefc19d0226\" FOREIGN KEY (\"roomId\") REFERENCES \"rooms\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_f24be1f55c77949c3b9b3e30fea\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_agenda_sessions\"(\"id\", \"eventId\", \"roomId\", \"kind\", \"title\", \"titleEn\", \"description\", \"descriptionEn\", \"startsAt\", \"endsAt\", \"position\") SELECT \"id\", \"eventId\", \"roomId\", \"kind\", \"title\", \"titleEn\", \"description\", \"descriptionEn\", \"startsAt\", \"endsAt\", \"position\" FROM \"agenda_sessions\"");
    await queryRunner.query("DROP TABLE \"agenda_sessions\"");
    await queryRunner.query("ALTER TABLE \"temporary_agenda_sessions\" RENAME TO \"agenda_sessions\"");
    await queryRunner.query("CREATE INDEX \"IDX_69ccd615d32ab939b34d50c50c\" ON \"agenda_sessions\" (\"eventId\", \"startsAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\"");
    await queryRunner.query("CREATE TABLE \"temporary_schedule_versions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"version\" integer NOT NULL, \"snapshot\" text NOT NULL, \"changes\" text NOT NULL, \"publishedById\" integer, \"notifiedAt\" datetime, \"publishedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_df63164ced8966ad880519fb418\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_schedule_versions\"(\"id\", \"eventId\", \"version\", \"snapshot\", \"changes\", \"publishedById\", \"notifiedAt\", \"publishedAt\") SELECT \"id\", \"eventId\", \"version\", \"snapshot\", \"changes\", \"publishedById\", \"notifiedAt\", \"publishedAt\" FROM \"schedule_versions\"");
    await queryRunner.query("DROP TABLE \"schedule_versions\"");
    await queryRunner.query("ALTER TABLE \"temporary_schedule_versions\" RENAME TO \"schedule_versions\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\" ON \"schedule_versions\" (\"eventId\", \"version\") ");
    await queryRunner.query("DROP INDEX \"IDX_b10d920ad6843abf1378a05445\"");
    await queryRunner.query("DROP INDEX \"IDX_b812e6d68728b36d62173d00f8\"");
    await queryRunner.query("CREATE TABLE \"temporary_session_people\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"sessionId\" integer NOT NULL, \"personId\" integer NOT NULL, \"role\" varchar(16) NOT NULL, \"position\" integer NOT NULL DEFAULT (0), CONSTRAINT \"FK_ec76233e8f958b625daf39e672b\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_b10d920ad6843abf1378a05445a\" FOREIGN KEY (\"personId\") REFERENCES \"people\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_session_people\"(\"id\", \"sessionId\", \"personId\", \"role\", \"position\") SELECT \"id\", \"sessionId\", \"personId\", \"role\", \"position\" FROM \"session_people\"");
    await queryRunner.query("DROP TABLE \"session_people\"");
    await queryRunner.query("ALTER TABLE \"temporary_session_people\" RENAME TO \"session_people\"");
    await queryRunner.query("CREATE INDEX \"IDX_b10d920ad6843abf1378a05445\" ON \"session_people\" (\"personId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b812e6d68728b36d62173d00f8\" ON \"session_people\" (\"sessionId\", \"personId\", \"role\") ");
    await queryRunner.query("DROP INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\"");
    await queryRunner.query("DROP INDEX \"IDX_d477e4b411048278196bc2d8c4\"");
    await queryRunner.query("CREATE TABLE \"temporary_session_stars\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"registrationId\" integer NOT NULL, \"sessionId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_f7292bcbf386a0bd31d17b96d34\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_bb3be7e5bbbf25f7d47d5b8f95f\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_session_stars\"(\"id\", \"registrationId\", \"sessionId\", \"createdAt\") SELECT \"id\", \"registrationId\", \"sessionId\", \"createdAt\" FROM \"session_stars\"");
    await queryRunner.query("DROP TABLE \"session_stars\"");
    await queryRunner.query("ALTER TABLE \"temporary_session_stars\" RENAME TO \"session_stars\"");
    await queryRunner.query("CREATE INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\" ON \"session_stars\" (\"sessionId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d477e4b411048278196bc2d8c4\" ON \"session_stars\" (\"registrationId\", \"sessionId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_d477e4b411048278196bc2d8c4\"");
    await queryRunner.query("DROP INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\"");
    await queryRunner.query("ALTER TABLE \"session_stars\" RENAME TO \"temporary_session_stars\"");
    await queryRunner.query("CREATE TABLE \"session_stars\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"registrationId\" integer NOT NULL, \"sessionId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"session_stars\"(\"id\", \"registrationId\", \"sessionId\", \"createdAt\") SELECT \"id\", \"registrationId\", \"sessionId\", \"createdAt\" FROM \"temporary_session_stars\"");
    await queryRunner.query("DROP TABLE \"temporary_session_stars\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d477e4b411048278196bc2d8c4\" ON \"session_stars\" (\"registrationId\", \"sessionId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\" ON \"session_stars\" (\"sessionId\") ");
    await queryRunner.query("DROP INDEX \"IDX_b812e6d68728b36d62173d00f8\"");
    await queryRunner.query("DROP INDEX \"IDX_b10d920ad6843abf1378a05445\"");
    await queryRunner.query("ALTER TABLE \"session_people\" RENAME TO \"temporary_session_people\"");
    await queryRunner.query("CREATE TABLE \"session_people\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"sessionId\" integer NOT NULL, \"personId\" integer NOT NULL, \"role\" varchar(16) NOT NULL, \"position\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("INSERT INTO \"session_people\"(\"id\", \"sessionId\", \"personId\", \"role\", \"position\") SELECT \"id\", \"sessionId\", \"personId\", \"role\", \"position\" FROM \"temporary_session_people\"");
    await queryRunner.query("DROP TABLE \"temporary_session_people\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b812e6d68728b36d62173d00f8\" ON \"session_people\" (\"sessionId\", \"personId\", \"role\") ");
    await queryRunner.query("CREATE INDEX \"IDX_b10d920ad6843abf1378a05445\" ON \"session_people\" (\"personId\") ");
    await queryRunner.query("DROP INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\"");
    await queryRunner.query("ALTER TABLE \"schedule_versions\" RENAME TO \"temporary_schedule_versions\"");
    await queryRunner.query("CREATE TABLE \"schedule_versions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"version\" integer NOT NULL, \"snapshot\" text NOT NULL, \"changes\" text NOT NULL, \"publishedById\" integer, \"notifiedAt\" datetime, \"publishedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"schedule_versions\"(\"id\", \"eventId\", \"version\", \"snapshot\", \"changes\", \"publishedById\", \"notifiedAt\", \"publishedAt\") SELECT \"id\", \"eventId\", \"version\", \"snapshot\", \"changes\", \"publishedById\", \"notifiedAt\", \"publishedAt\" FROM \"temporary_schedule_versions\"");
    await queryRunner.query("DROP TABLE \"temporary_schedule_versions\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\" ON \"schedule_versions\" (\"eventId\", \"version\") ");
    await queryRunner.query("DROP INDEX \"IDX_69ccd615d32ab939b34d50c50c\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" RENAME TO \"temporary_agenda_sessions\"");
    await queryRunner.query("CREATE TABLE \"agenda_sessions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"roomId\" integer, \"kind\" varchar(32) NOT NULL, \"title\" varchar(300) NOT NULL, \"titleEn\" varchar(300), \"description\" text, \"descriptionEn\" text, \"startsAt\" datetime NOT NULL, \"endsAt\" datetime NOT NULL, \"position\" integer NOT NULL DEFAULT (0), CONSTRAINT \"FK_d7b8cf330820852adefc19d0226\" FOREIGN KEY (\"roomId\") REFERENCES \"rooms\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_f24be1f55c77949c3b9b3e30fea\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"agenda_sessions\"(\"id\", \"eventId\", \"roomId\", \"kind\", \"title\", \"titleEn\", \"description\", \"descriptionEn\", \"startsAt\", \"endsAt\", \"position\") SELECT \"id\", \"eventId\", \"roomId\", \"kind\", \"title\", \"titleEn\", \"description\", \"descriptionEn\", \"startsAt\", \"endsAt\", \"position\" FROM \"temporary_agenda_sessions\"");
    await queryRunner.query("DROP TABLE \"temporary_agenda_sessions\"");
    await queryRunner.query("CREATE INDEX \"IDX_69ccd615d32ab939b34d50c50c\" ON \"agenda_sessions\" (\"eventId\", \"startsAt\") ");
    await queryRunner.query("ALTER TABLE \"rooms\" RENAME TO \"temporary_rooms\"");
    await queryRunner.query("CREATE TABLE \"rooms\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"venueId\" integer NOT NULL, \"name\" varchar(200) NOT NULL, \"nameEn\" varchar(200), \"capacity\" integer, \"position\" integer NOT NULL DEFAULT (0), CONSTRAINT \"FK_5b3dd3748d97a04156edec00e37\" FOREIGN KEY (\"venueId\") REFERENCES \"venues\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"rooms\"(\"id\", \"venueId\", \"name\", \"nameEn\", \"capacity\", \"position\") SELECT \"id\", \"venueId\", \"name\", \"nameEn\", \"capacity\", \"position\" FROM \"temporary_rooms\"");
    await queryRunner.query("DROP TABLE \"temporary_rooms\"");
    await queryRunner.query("DROP INDEX \"IDX_d477e4b411048278196bc2d8c4\"");
    await queryRunner.query("DROP INDEX \"IDX_bb3be7e5bbbf25f7d47d5b8f95\"");
    await queryRunner.query("DROP TABLE \"session_stars\"");
    await queryRunner.query("DROP INDEX \"IDX_b812e6d68728b36d62173d00f8\"");
    await queryRunner.query("DROP INDEX \"IDX_b10d920ad6843abf1378a05445\"");
    await queryRunner.query("DROP TABLE \"session_people\"");
    await queryRunner.query("DROP INDEX \"IDX_8b3dff5e90b5da5d988b79bb05\"");
    await queryRunner.query("DROP TABLE \"schedule_versions\"");
  }
}
