import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckIn1795264061885 implements MigrationInterface {
  name = 'CheckIn1795264061885';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"badge_prints\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"badgeId\" integer NOT NULL, \"layout\" character varying(8) NOT NULL, \"reprint\" boolean NOT NULL DEFAULT false, \"userId\" integer, \"printedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_3689c9a5ddd67f24b6707d13b0e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_72ec39dd9c8e5da41fa55227d7\" ON \"badge_prints\"  (\"eventId\", \"registrationId\") ");
    await queryRunner.query("CREATE TABLE \"check_in_lists\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"code\" character varying(40) NOT NULL, \"kind\" character varying(16) NOT NULL, \"name\" character varying(100) NOT NULL, \"nameEn\" character varying(100), \"sessionId\" integer, \"venueId\" integer, \"zoneId\" integer, \"categoryIds\" text, \"allowReentry\" boolean NOT NULL DEFAULT false, \"position\" integer NOT NULL DEFAULT '0', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_9dcc149fd55aafb3b87530bc556\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_947ff5fb2956d5e6387bc6614d\" ON \"check_in_lists\"  (\"eventId\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"check_in_devices\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"name\" character varying(100) NOT NULL, \"pairingTokenHash\" character varying(64), \"pairingExpiresAt\" TIMESTAMP, \"tokenHash\" character varying(64), \"pairedAt\" TIMESTAMP, \"lastSeenAt\" TIMESTAMP, \"revokedAt\" TIMESTAMP, \"createdByUserId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_607b3849583c3c15e47d31754ee\" UNIQUE (\"pairingTokenHash\"), CONSTRAINT \"UQ_c576da4f657df3266d4b09e5138\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_49dbed72d1e9ab412999a15d3c6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"check_ins\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" character varying(24) NOT NULL, \"firstOf\" integer, \"source\" character varying(16) NOT NULL, \"nonce\" character varying(64), \"deviceId\" character varying(64), \"deviceName\" character varying(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" TIMESTAMP NOT NULL, \"localResult\" character varying(24), \"flagged\" boolean NOT NULL DEFAULT false, \"answer\" text NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_fac7f27bc829a454ad477c13f62\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\"  (\"listId\", \"registrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\"  (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\"  (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\"  (\"eventId\", \"nonce\") ");
    await queryRunner.query("ALTER TABLE \"badge_prints\" ADD CONSTRAINT \"FK_f634d9cb0d4efaf269b753660a1\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" ADD CONSTRAINT \"FK_84e79383e26b7a1c9298b87096c\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" ADD CONSTRAINT \"FK_3e14dc8687fb2abbefe159ae316\" FOREIGN KEY (\"sessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" ADD CONSTRAINT \"FK_188f527a76ef0e58430136c17be\" FOREIGN KEY (\"venueId\") REFERENCES \"venues\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" ADD CONSTRAINT \"FK_f067aa87a33e84dc9ead3db8838\" FOREIGN KEY (\"zoneId\") REFERENCES \"exhibition_zones\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_devices\" ADD CONSTRAINT \"FK_d4848b5af8783486e7cf0372b72\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_in_devices\" ADD CONSTRAINT \"FK_3c19e7392379f0c5d3cd4c8489b\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD CONSTRAINT \"FK_debdc9d07d5d7703c264e3771bc\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP CONSTRAINT \"FK_debdc9d07d5d7703c264e3771bc\"");
    await queryRunner.query("ALTER TABLE \"check_in_devices\" DROP CONSTRAINT \"FK_3c19e7392379f0c5d3cd4c8489b\"");
    await queryRunner.query("ALTER TABLE \"check_in_devices\" DROP CONSTRAINT \"FK_d4848b5af8783486e7cf0372b72\"");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" DROP CONSTRAINT \"FK_f067aa87a33e84dc9ead3db8838\"");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" DROP CONSTRAINT \"FK_188f527a76ef0e58430136c17be\"");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" DROP CONSTRAINT \"FK_3e14dc8687fb2abbefe159ae316\"");
    await queryRunner.query("ALTER TABLE \"check_in_lists\" DROP CONSTRAINT \"FK_84e79383e26b7a1c9298b87096c\"");
    await queryRunner.query("ALTER TABLE \"badge_prints\" DROP CONSTRAINT \"FK_f634d9cb0d4efaf269b753660a1\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("DROP TABLE \"check_ins\"");
    await queryRunner.query("DROP TABLE \"check_in_devices\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_947ff5fb2956d5e6387bc6614d\"");
    await queryRunner.query("DROP TABLE \"check_in_lists\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_72ec39dd9c8e5da41fa55227d7\"");
    await queryRunner.query("DROP TABLE \"badge_prints\"");
  }
}
