import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795260102341 implements MigrationInterface {
  name = 'Initial1795260102341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" SERIAL NOT NULL, \"email\" character varying(254) NOT NULL, \"name\" character varying(100) NOT NULL, \"passwordHash\" character varying(255), \"role\" character varying(16) NOT NULL, \"locale\" character varying(8) NOT NULL DEFAULT 'zh-CN', \"disabledAt\" TIMESTAMP, \"lastLoginAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"auth_tokens\" (\"id\" SERIAL NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"userId\" integer NOT NULL, \"kind\" character varying(8) NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_323c4ca6708c6a8b81af2b4ee06\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_41e9ddfbb32da18c4e85e45c2fd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"event_series\" (\"id\" SERIAL NOT NULL, \"slug\" character varying(80) NOT NULL, \"name\" character varying(200) NOT NULL, \"nameEn\" character varying(200), \"description\" text, \"descriptionEn\" text, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_b5fbcb4b9e2fa715c86f02cd64c\" UNIQUE (\"slug\"), CONSTRAINT \"PK_9c68540164026e1a070a0a227f8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"events\" (\"id\" SERIAL NOT NULL, \"slug\" character varying(80) NOT NULL, \"title\" character varying(300) NOT NULL, \"titleEn\" character varying(300), \"theme\" character varying(300), \"themeEn\" character varying(300), \"description\" text, \"descriptionEn\" text, \"seriesId\" integer, \"edition\" integer, \"startsAt\" TIMESTAMP NOT NULL, \"endsAt\" TIMESTAMP NOT NULL, \"timezone\" character varying(64) NOT NULL DEFAULT 'Asia/Shanghai', \"status\" character varying(16) NOT NULL DEFAULT 'draft', \"publishedAt\" TIMESTAMP, \"closedAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_05bd884c03d3f424e2204bd14cd\" UNIQUE (\"slug\"), CONSTRAINT \"PK_40731c7151fe4be3116e45ddf73\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"invitations\" (\"id\" SERIAL NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"email\" character varying(254) NOT NULL, \"name\" character varying(100) NOT NULL, \"role\" character varying(16) NOT NULL, \"eventId\" integer, \"invitedById\" integer NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"acceptedAt\" TIMESTAMP, \"revokedAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_a6eb6f2543de8a5a4c148b32a18\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_5dec98cfdfd562e4ad3648bbb07\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"staff_assignments\" (\"id\" SERIAL NOT NULL, \"userId\" integer NOT NULL, \"eventId\" integer NOT NULL, CONSTRAINT \"PK_ab013446523a48ceb9b14144530\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_663e6b46329065c3cfdf7d86e3\" ON \"staff_assignments\"  (\"userId\", \"eventId\") ");
    await queryRunner.query("CREATE TABLE \"venues\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"name\" character varying(200) NOT NULL, \"nameEn\" character varying(200), \"kind\" character varying(8) NOT NULL, \"address\" character varying(300), \"addressEn\" character varying(300), \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_cb0f885278d12384eb7a81818be\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"rooms\" (\"id\" SERIAL NOT NULL, \"venueId\" integer NOT NULL, \"name\" character varying(200) NOT NULL, \"nameEn\" character varying(200), \"capacity\" integer, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_0368a2d7c215f2d0458a54933f2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"agenda_sessions\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"roomId\" integer, \"kind\" character varying(32) NOT NULL, \"title\" character varying(300) NOT NULL, \"titleEn\" character varying(300), \"description\" text, \"descriptionEn\" text, \"startsAt\" TIMESTAMP NOT NULL, \"endsAt\" TIMESTAMP NOT NULL, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_4ffbbe59b93113bb9b401fc88aa\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_69ccd615d32ab939b34d50c50c\" ON \"agenda_sessions\"  (\"eventId\", \"startsAt\") ");
    await queryRunner.query("CREATE TABLE \"organisations\" (\"id\" SERIAL NOT NULL, \"name\" character varying(200) NOT NULL, \"nameKey\" character varying(200) NOT NULL, \"nameEn\" character varying(200), \"shortName\" character varying(100), \"kind\" character varying(32) NOT NULL, \"region\" character varying(100), \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_13e7f12080240e7ef557e4206a6\" UNIQUE (\"nameKey\"), CONSTRAINT \"PK_7bf54cba378d5b2f1d4c10ef4df\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"people\" (\"id\" SERIAL NOT NULL, \"name\" character varying(100) NOT NULL, \"nameEn\" character varying(100), \"email\" character varying(254), \"phone\" character varying(40), \"title\" character varying(100), \"organisationId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_aa866e71353ee94c6cc51059c5b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_c77e8752faa45901af2b245dff\" ON \"people\"  (\"email\") ");
    await queryRunner.query("CREATE TABLE \"event_organisations\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"organisationId\" integer NOT NULL, \"role\" character varying(16) NOT NULL, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_c77dd0f8526c53eb74c7bb75551\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b3531024ad79f7090688d6498d\" ON \"event_organisations\"  (\"eventId\", \"organisationId\", \"role\") ");
    await queryRunner.query("CREATE TABLE \"exhibition_zones\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"name\" character varying(200) NOT NULL, \"nameEn\" character varying(200), \"description\" text, \"descriptionEn\" text, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_c8c21afd078374b7092a0718c78\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("ALTER TABLE \"auth_tokens\" ADD CONSTRAINT \"FK_c25fb956ebada4b256501585cca\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"events\" ADD CONSTRAINT \"FK_e1ec1174aecc496bcdb706ccde9\" FOREIGN KEY (\"seriesId\") REFERENCES \"event_series\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_8dfdd031adb35b7e19733430b6f\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_b60325e5302be0dad38b423314c\" FOREIGN KEY (\"invitedById\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"staff_assignments\" ADD CONSTRAINT \"FK_57c03605f045d62be12a7e4bd78\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"staff_assignments\" ADD CONSTRAINT \"FK_a85bdbd7a63c7ff1013d2b252cf\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"venues\" ADD CONSTRAINT \"FK_3c723a9deb607f8ba09136786bc\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"rooms\" ADD CONSTRAINT \"FK_5b3dd3748d97a04156edec00e37\" FOREIGN KEY (\"venueId\") REFERENCES \"venues\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD CONSTRAINT \"FK_f24be1f55c77949c3b9b3e30fea\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" ADD CONSTRAINT \"FK_d7b8cf330820852adefc19d0226\" FOREIGN KEY (\"roomId\") REFERENCES \"rooms\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"people\" ADD CONSTRAINT \"FK_553eb5b624931ac05726b658c2e\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"event_organisations\" ADD CONSTRAINT \"FK_518a7d7770694ac56d794a0e95c\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"event_organisations\" ADD CONSTRAINT \"FK_c13408a4909ad4a4379b34ad5d4\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"exhibition_zones\" ADD CONSTRAINT \"FK_1d06101ea4697c33a084fd1e427\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"exhibition_zones\" DROP CONSTRAINT \"FK_1d06101ea4697c33a084fd1e427\"");
    await queryRunner.query("ALTER TABLE \"event_organisations\" DROP CONSTRAINT \"FK_c13408a4909ad4a4379b34ad5d4\"");
    await queryRunner.query("ALTER TABLE \"event_organisations\" DROP CONSTRAINT \"FK_518a7d7770694ac56d794a0e95c\"");
    await queryRunner.query("ALTER TABLE \"people\" DROP CONSTRAINT \"FK_553eb5b624931ac05726b658c2e\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP CONSTRAINT \"FK_d7b8cf330820852adefc19d0226\"");
    await queryRunner.query("ALTER TABLE \"agenda_sessions\" DROP CONSTRAINT \"FK_f24be1f55c77949c3b9b3e30fea\"");
    await queryRunner.query("ALTER TABLE \"rooms\" DROP CONSTRAINT \"FK_5b3dd3748d97a04156edec00e37\"");
    await queryRunner.query("ALTER TABLE \"venues\" DROP CONSTRAINT \"FK_3c723a9deb607f8ba09136786bc\"");
    await queryRunner.query("ALTER TABLE \"staff_assignments\" DROP CONSTRAINT \"FK_a85bdbd7a63c7ff1013d2b252cf\"");
    await queryRunner.query("ALTER TABLE \"staff_assignments\" DROP CONSTRAINT \"FK_57c03605f045d62be12a7e4bd78\"");
    await queryRunner.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_b60325e5302be0dad38b423314c\"");
    await queryRunner.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_8dfdd031adb35b7e19733430b6f\"");
    await queryRunner.query("ALTER TABLE \"events\" DROP CONSTRAINT \"FK_e1ec1174aecc496bcdb706ccde9\"");
    await queryRunner.query("ALTER TABLE \"auth_tokens\" DROP CONSTRAINT \"FK_c25fb956ebada4b256501585cca\"");
    await queryRunner.query("DROP TABLE \"exhibition_zones\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b3531024ad79f7090688d6498d\"");
    await queryRunner.query("DROP TABLE \"event_organisations\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c77e8752faa45901af2b245dff\"");
    await queryRunner.query("DROP TABLE \"people\"");
    await queryRunner.query("DROP TABLE \"organisations\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_69ccd615d32ab939b34d50c50c\"");
    await queryRunner.query("DROP TABLE \"agenda_sessions\"");
    await queryRunner.query("DROP TABLE \"rooms\"");
    await queryRunner.query("DROP TABLE \"venues\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_663e6b46329065c3cfdf7d86e3\"");
    await queryRunner.query("DROP TABLE \"staff_assignments\"");
    await queryRunner.query("DROP TABLE \"invitations\"");
    await queryRunner.query("DROP TABLE \"events\"");
    await queryRunner.query("DROP TABLE \"event_series\"");
    await queryRunner.query("DROP TABLE \"auth_tokens\"");
    await queryRunner.query("DROP TABLE \"users\"");
  }
}
