import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registration1795261365545 implements MigrationInterface {
  name = 'Registration1795261365545';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"attendee_categories\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"code\" character varying(40) NOT NULL, \"name\" character varying(100) NOT NULL, \"nameEn\" character varying(100), \"capacity\" integer, \"confirmedCount\" integer NOT NULL DEFAULT '0', \"approval\" character varying(16) NOT NULL DEFAULT 'automatic', \"colour\" character varying(7) NOT NULL DEFAULT '#b3261e', \"organisationKind\" character varying(32) NOT NULL DEFAULT 'enterprise', \"publicForm\" boolean NOT NULL DEFAULT true, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_6f017ea793a585fd0b022c4a479\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7756be7a8410f957b6bb995e10\" ON \"attendee_categories\"  (\"eventId\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"registrations\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"categoryId\" integer NOT NULL, \"personId\" integer NOT NULL, \"organisationId\" integer, \"name\" character varying(100) NOT NULL, \"email\" character varying(254) NOT NULL, \"phone\" character varying(40), \"organisationName\" character varying(200) NOT NULL, \"title\" character varying(100), \"answers\" text, \"locale\" character varying(8) NOT NULL DEFAULT 'zh-CN', \"status\" character varying(16) NOT NULL, \"decisionReason\" character varying(500), \"consentAt\" TIMESTAMP NOT NULL, \"consentText\" text NOT NULL, \"linkVersion\" integer NOT NULL DEFAULT '1', \"inviteSequence\" integer NOT NULL DEFAULT '0', \"source\" character varying(16) NOT NULL DEFAULT 'form', \"confirmedAt\" TIMESTAMP, \"cancelledAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_6013e724d7b22929da9cd7282d1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_02d6e3c74075531139d95de4e6\" ON \"registrations\"  (\"eventId\", \"status\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8769b7aae93110341a0f6b96ad\" ON \"registrations\"  (\"eventId\", \"email\") ");
    await queryRunner.query("CREATE TABLE \"badges\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"code\" character varying(200) NOT NULL, \"revokedAt\" TIMESTAMP, \"issuedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_48fe47e292737e09162b08c4f7c\" UNIQUE (\"code\"), CONSTRAINT \"PK_8a651318b8de577e8e217676466\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_d2fb820cab35887ea14602d198\" ON \"badges\"  (\"eventId\", \"revokedAt\") ");
    await queryRunner.query("CREATE TABLE \"event_keys\" (\"eventId\" integer NOT NULL, \"publicKey\" character varying(64) NOT NULL, \"privateKey\" text NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_edf7e5ee77166bf8e826fb658a5\" PRIMARY KEY (\"eventId\"))");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" SERIAL NOT NULL, \"messageId\" character varying(200) NOT NULL, \"kind\" character varying(40) NOT NULL, \"eventId\" integer, \"registrationId\" integer, \"toAddress\" character varying(254) NOT NULL, \"toName\" character varying(200), \"subject\" character varying(500) NOT NULL, \"html\" text NOT NULL, \"text\" text NOT NULL, \"attachments\" text, \"calendar\" text, \"calendarMethod\" character varying(8), \"status\" character varying(8) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"nextAttemptAt\" TIMESTAMP NOT NULL, \"leaseUntil\" TIMESTAMP, \"lastError\" character varying(500), \"sentAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_c5b80f1982eacc09beee6dcfd7d\" UNIQUE (\"messageId\"), CONSTRAINT \"PK_0171348f527c64b137e4d4f5b66\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_9000793608d0e390a7ce08043f\" ON \"outbox_messages\"  (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("CREATE TABLE \"registration_questions\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"code\" character varying(40) NOT NULL, \"kind\" character varying(16) NOT NULL, \"label\" character varying(300) NOT NULL, \"labelEn\" character varying(300), \"options\" text, \"required\" boolean NOT NULL DEFAULT false, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_8377b849a3fc6c402eee5b3c4d4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"registration_settings\" (\"eventId\" integer NOT NULL, \"opensAt\" TIMESTAMP, \"closesAt\" TIMESTAMP, \"capacity\" integer, \"confirmedCount\" integer NOT NULL DEFAULT '0', \"consentText\" text NOT NULL, \"consentTextEn\" text, CONSTRAINT \"PK_67ba33c95cf67fa90eed48c435e\" PRIMARY KEY (\"eventId\"))");
    await queryRunner.query("CREATE TABLE \"settings\" (\"key\" character varying(64) NOT NULL, \"value\" text NOT NULL, CONSTRAINT \"PK_c8639b7626fa94ba8265628f214\" PRIMARY KEY (\"key\"))");
    await queryRunner.query("ALTER TABLE \"attendee_categories\" ADD CONSTRAINT \"FK_9b1307c6487d8f674ef80931518\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_e63ca6871925f778d5e1acb94cf\" FOREIGN KEY (\"categoryId\") REFERENCES \"attendee_categories\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_9b332c39f2342b2304bf85e8808\" FOREIGN KEY (\"personId\") REFERENCES \"people\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_7a33258b2628cc21dac3636188f\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"badges\" ADD CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"event_keys\" ADD CONSTRAINT \"FK_edf7e5ee77166bf8e826fb658a5\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registration_questions\" ADD CONSTRAINT \"FK_9a23fdfa17cc819bfd1e185c6f9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registration_settings\" ADD CONSTRAINT \"FK_67ba33c95cf67fa90eed48c435e\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"registration_settings\" DROP CONSTRAINT \"FK_67ba33c95cf67fa90eed48c435e\"");
    await queryRunner.query("ALTER TABLE \"registration_questions\" DROP CONSTRAINT \"FK_9a23fdfa17cc819bfd1e185c6f9\"");
    await queryRunner.query("ALTER TABLE \"event_keys\" DROP CONSTRAINT \"FK_edf7e5ee77166bf8e826fb658a5\"");
    await queryRunner.query("ALTER TABLE \"badges\" DROP CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_7a33258b2628cc21dac3636188f\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_9b332c39f2342b2304bf85e8808\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_e63ca6871925f778d5e1acb94cf\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\"");
    await queryRunner.query("ALTER TABLE \"attendee_categories\" DROP CONSTRAINT \"FK_9b1307c6487d8f674ef80931518\"");
    await queryRunner.query("DROP TABLE \"settings\"");
    await queryRunner.query("DROP TABLE \"registration_settings\"");
    await queryRunner.query("DROP TABLE \"registration_questions\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_9000793608d0e390a7ce08043f\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("DROP TABLE \"event_keys\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d2fb820cab35887ea14602d198\"");
    await queryRunner.query("DROP TABLE \"badges\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8769b7aae93110341a0f6b96ad\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_02d6e3c74075531139d95de4e6\"");
    await queryRunner.query("DROP TABLE \"registrations\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7756be7a8410f957b6bb995e10\"");
    await queryRunner.query("DROP TABLE \"attendee_categories\"");
  }
}
