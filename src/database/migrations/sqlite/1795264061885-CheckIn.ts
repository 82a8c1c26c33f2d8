import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckIn1795264061885 implements MigrationInterface {
  name = 'CheckIn1795264061885';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"badge_prints\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"badgeId\" integer NOT NULL, \"layout\" varchar(8) NOT NULL, \"reprint\" boolean NOT NULL DEFAULT (0), \"userId\" integer, \"printedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\" ON \"badge_prints\" (\"eventId\", \"registrationId\") ");
    await queryRunner.query("CREATE TABLE \"check_in_lists\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"code\" varchar(40) NOT NULL, \"kind\" varchar(16) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameEn\" varchar(100), \"sessionId\" integer, \"venueId\" integer, \"zoneId\" integer, \"categoryIds\" text, \"allowReentry\" boolean NOT NULL DEFAULT (0), \"position\" integer NOT NULL DEFAULT (0), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_947ff5fb2956d5e6387bc6614d\" ON \"check_in_lists\" (\"eventId\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"check_in_devices\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"name\" varchar(100) NOT NULL, \"pairingTokenHash\" varchar(64), \"pairingExpiresAt\" datetime, \"tokenHash\" varchar(64), \"pairedAt\" datetime, \"lastSeenAt\" datetime, \"revokedAt\" datetime, \"createdByUserId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_607b3849583c3c15e47d31754ee\" UNIQUE (\"pairingTokenHash\"), CONSTRAINT \"UQ_c576da4f657df3266d4b09e5138\" UNIQUE (\"tokenHash\"))");
    await queryRunner.query("CREATE TABLE \"check_ins\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" varchar(24) NOT NULL, \"firstOf\" integer, \"source\" varchar(16) NOT NULL, \"nonce\" varchar(64), \"deviceId\" varchar(64), \"deviceName\" varchar(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" datetime NOT NULL, \"localResult\" varchar(24), \"flagged\" boolean NOT NULL DEFAULT (0), \"answer\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\" (\"listId\", \"registrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\" (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\" (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\" (\"eventId\", \"nonce\") ");
    await queryRunner.query("DROP INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\"");
    await queryRunner.query("CREATE TABLE \"temporary_badge_prints\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"badgeId\" integer NOT NULL, \"layout\" varchar(8) NOT NULL, \"reprint\" boolean NOT NULL DEFAULT (0), \"userId\" integer, \"printedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_f634d9cb0d4efaf269b753660a1\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_badge_prints\"(\"id\", \"eventId\", \"registrationId\", \"badgeId\", \"layout\", \"reprint\", \"userId\", \"printedAt\") SELECT \"id\", \"eventId\", \"registrationId\", \"badgeId\", \"layout\", \"reprint\", \"userId\", \"printedAt\" FROM \"badge_prints\"");
    await queryRunner.query("DROP TABLE \"badge_prints\"");
    await queryRunner.query("ALTER TABLE \"temporary_badge_prints\" RENAME TO \"badge_prints\"");
    await queryRunner.query("CREATE INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\" ON \"badge_prints\" (\"eventId\", \"registrationId\") ");
    await queryRunner.query("DROP INDEX \"IDX_947ff5fb2956d5e6387bc6614d\"");
    await queryRunner.query("CREATE TABLE \"temporary_check_in_lists\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"code\" varchar(40) NOT NULL, \"kind\" varchar(16) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameEn\" varchar(100), \"sessionId\" integer, \"venueId\" integer, \"zoneId\" integer, \"categoryIds\" text, \"allowReentry\" boolean NOT NULL DEFAULT (0), \"position\" integer NOT NULL DEFAULT (0), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_84e79383e26b7a1c9298b87096c\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_3e14dc8687fb2abbefe159ae316\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_188f527a76ef0e58430136c17be\" FOREIGN KEY (\"venueId\") REFERENCES \"venues\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_f067aa87a33e84dc9ead3db8838\" FOREIGN KEY (\"zoneId\") REFERENCES \"exhibition_zones\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_check_in_lists\"(\"id\", \"eventId\", \"code\", \"kind\", \"name\", \"nameEn\", \"sessionId\", \"venueId\", \"zoneId\", \"categoryIds\", \"allowReentry\", \"position\", \"createdAt\") SELECT \"id\", \"eventId\", \"code\", \"kind\", \"name\", \"nameEn\", \"sessionId\", \"venueId\", \"zoneId\", \"categoryIds\", \"allowReentry\", \"position\", \"createdAt\" FROM \"check_in_lists\"");
    await queryRunner.query("DROP TABLE \"check_in_lists\"");
    await queryRunner.query("ALTER TABLE \"temporary_check_in_lists\" RENAME TO \"check_in_lists\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_947ff5fb2956d5e6387bc6614d\" ON \"check_in_lists\" (\"eventId\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"temporary_check_in_devices\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"name\" varchar(100) NOT NULL, \"pairingTokenHash\" varchar(64), \"pairingExpiresAt\" datetime, \"tokenHash\" varchar(64), \"pairedAt\" datetime, \"lastSeenAt\" datetime, \"revokedAt\" datetime, \"createdByUserId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_607b3849583c3c15e47d31754ee\" UNIQUE (\"pairingTokenHash\"), CONSTRAINT \"UQ_c576da4f657df3266d4b09e5138\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_d4848b5af8783486e7cf0372b72\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_3c19e7392379f0c5d3cd4c8489b\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_check_in_devices\"(\"id\", \"eventId\", \"listId\", \"name\", \"pairingTokenHash\", \"pairingExpiresAt\", \"tokenHash\", \"pairedAt\", \"lastSeenAt\", \"revokedAt\", \"createdByUserId\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"name\", \"pairingTokenHash\", \"pairingExpiresAt\", \"tokenHash\", \"pairedAt\", \"lastSeenAt\", \"revokedAt\", \"createdByUserId\", \"createdAt\" FROM \"check_in_devices\"");
    await queryRunner.query("DROP TABLE \"check_in_devices\"");
    await queryRunner.query("ALTER TABLE \"temporary_check_in_devices\" RENAME TO \"check_in_devices\"");
    await queryRunner.query("DROP INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("DROP INDEX \"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("DROP INDEX \"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("CREATE TABLE \"temporary_check_ins\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" varchar(24) NOT NULL, \"firstOf\" integer, \"source\" varchar(16) NOT NULL, \"nonce\" varchar(64), \"deviceId\" varchar(64), \"deviceName\" varchar(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" datetime NOT NULL, \"localResult\" varchar(24), \"flagged\" boolean NOT NULL DEFAULT (0), \"answer\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_debdc9d07d5d7703c264e3771bc\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_check_ins\"(\"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\" FROM \"check_ins\"");
    await queryRunner.query("DROP TABLE \"check_ins\"");
    await queryRunner.query("ALTER TABLE \"temporary_check_ins\" RENAME TO \"check_ins\"");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\" (\"listId\", \"registrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\" (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\" (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\" (\"eventId\", \"nonce\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("DROP INDEX \"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("DROP INDEX \"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" RENAME TO \"temporary_check_ins\"");
    await queryRunner.query("CREATE TABLE \"check_ins\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" varchar(24) NOT NULL, \"firstOf\" integer, \"source\" varchar(16) NOT NULL, \"nonce\" varchar(64), \"deviceId\" varchar(64), \"deviceName\" varchar(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" datetime NOT NULL, \"localResult\" varchar(24), \"flagged\" boolean NOT NULL DEFAULT (0), \"answer\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"check_ins\"(\"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\" FROM \"temporary_check_ins\"");
    await queryRunner.query("DROP TABLE \"temporary_check_ins\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\" (\"eventId\", \"nonce\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\" (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\" (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\" (\"listId\", \"registrationId\") ");
    await queryRunner.query("ALTER TABLE \"check_in_devices\" RENAME TO \"temporary_check_in_devices\"");
    await queryRunner.query("CREATE TABLE \"check_in_devices\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"name\" varchar(100) NOT NULL, \"pairingTokenHash\" varchar(64), \"pairingExpiresAt\" datetime, \"tokenHash\" varchar(64), \"pairedAt\" datetime, \"lastSeenAt\" datetime, \"revokedAt\" datetime, \"createdByUserId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_607b3849583c3c15e47d31754ee\" UNIQUE (\"pairingTokenHash\"), CONSTRAINT \"UQ_c576da4f657df3266d4b09e5138\" UNIQUE (\"tokenHash\"))");
    await queryRunner.query("INSERT INTO \"check_in_devices\"(\"id\", \"eventId\", \"listId\", \"name\", \"pairingTokenHash\", \"pairingExpiresAt\", \"tokenHash\", \"pairedAt\", \"lastSeenAt\", \"revokedAt\", \"createdByUserId\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"name\", \"pairingTokenHash\", \"pairingExpiresAt\", \"tokenHash\", \"pairedAt\", \"lastSeenAt\", \"revokedAt\", \"createdByUserId\", \"createdAt\" FROM \"temporary_check_in_devices\"");
    await queryRunner.query("DROP TABLE \"temporary_check_in_devices\"");
    await queryRunner.query("DROP INDEX \"IDX_947ff5fb2956d5e6387bc6614d\"");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" RENAME TO \"temporary_check_in_lists\"");
    await queryRunner.query("CREATE TABLE \"check_in_lists\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"code\" varchar(40) NOT NULL, \"kind\" varchar(16) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameEn\" varchar(100), \"sessionId\" integer, \"venueId\" integer, \"zoneId\" integer, \"categoryIds\" text, \"allowReentry\" boolean NOT NULL DEFAULT (0), \"position\" integer NOT NULL DEFAULT (0), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"check_in_lists\"(\"id\", \"eventId\", \"code\", \"kind\", \"name\", \"nameEn\", \"sessionId\", \"venueId\", \"zoneId\", \"categoryIds\", \"allowReentry\", \"position\", \"createdAt\") SELECT \"id\", \"eventId\", \"code\", \"kind\", \"name\", \"nameEn\", \"sessionId\", \"venueId\", \"zoneId\", \"categoryIds\", \"allowReentry\", \"position\", \"createdAt\" FROM \"temporary_check_in_lists\"");
    await queryRunner.query("DROP TABLE \"temporary_check_in_lists\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_947ff5fb2956d5e6387bc6614d\" ON \"check_in_lists\" (\"eventId\", \"code\") ");
    await queryRunner.query("DROP INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\"");
    await queryRunner.query("ALTER TABLE \"badge_prints\" RENAME TO \"temporary_badge_prints\"");
    await queryRunner.query("CREATE TABLE \"badge_prints\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"badgeId\" integer NOT NULL, \"layout\" varchar(8) NOT NULL, \"reprint\" boolean NOT NULL DEFAULT (0), \"userId\" integer, \"printedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"badge_prints\"(\"id\", \"eventId\", \"registrationId\", \"badgeId\", \"layout\", \"reprint\", \"userId\", \"printedAt\") SELECT \"id\", \"eventId\", \"registrationId\", \"badgeId\", \"layout\", \"reprint\", \"userId\", \"printedAt\" FROM \"temporary_badge_prints\"");
    await queryRunner.query("DROP TABLE \"temporary_badge_prints\"");
    await queryRunner.query("CREATE INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\" ON \"badge_prints\" (\"eventId\", \"registrationId\") ");
    await queryRunner.query("DROP INDEX \"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("DROP INDEX \"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("DROP INDEX \"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("DROP TABLE \"check_ins\"");
    await queryRunner.query("DROP TABLE \"check_in_devices\"");
    await queryRunner.query("DROP INDEX \"IDX_947ff5fb2956d5e6387bc6614d\"");
    await queryRunner.query("DROP TABLE \"check_in_lists\"");
    await queryRunner.query("DROP INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\"");
    await queryRunner.query("DROP TABLE \"badge_prints\"");
  }
}
