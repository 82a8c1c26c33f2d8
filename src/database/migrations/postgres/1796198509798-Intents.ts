import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Intents1796198509798 implements MigrationInterface {
  name = 'Intents1796198509798';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"intents\" (\"id\" SERIAL NOT NULL, \"title\" character varying(300) NOT NULL, \"subjectKind\" character varying(24) NOT NULL, \"subjectId\" integer, \"subjectText\" text, \"kind\" character varying(24) NOT NULL, \"valueWan\" integer, \"eventId\" integer, \"category\" character varying(40), \"city\" character varying(60), \"ownerUserId\" integer, \"ownerOrganisationId\" integer, \"ownerPersonId\" integer, \"nextFollowUpOn\" character varying(10), \"stage\" character varying(16) NOT NULL, \"landedPlace\" character varying(200), \"landedOn\" character varying(10), \"droppedReason\" character varying(32), \"droppedNote\" text, \"sourceKind\" character varying(20) NOT NULL, \"sourceId\" integer, \"agreementId\" integer, \"reachedRank\" integer NOT NULL DEFAULT '0', \"intentAt\" TIMESTAMP, \"negotiatingAt\" TIMESTAMP, \"signedAt\" TIMESTAMP, \"landedAt\" TIMESTAMP, \"droppedAt\" TIMESTAMP, \"stageChangedAt\" TIMESTAMP NOT NULL, \"lastActivityAt\" TIMESTAMP NOT NULL, \"createdByUserId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_5fca209a29d3c54e71ae900092a\" UNIQUE (\"agreementId\"), CONSTRAINT \"PK_3c872dee52ac2d2f2a46148618e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_91db5356c07a0fcf2e9834b15e\" ON \"intents\"  (\"stage\", \"nextFollowUpOn\") ");
    await queryRunner.query("CREATE INDEX \"IDX_ce0bfbc7d4400be3360485e6ec\" ON \"intents\"  (\"eventId\", \"stage\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_a94f6a08595fddd3568925f256\" ON \"intents\"  (\"sourceKind\", \"sourceId\") ");
    await queryRunner.query("CREATE TABLE \"intent_follow_ups\" (\"id\" SERIAL NOT NULL, \"intentId\" integer NOT NULL, \"happenedOn\" character varying(10) NOT NULL, \"note\" text NOT NULL, \"actor\" character varying(40) NOT NULL, \"actorName\" character varying(100), \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_02611a684f539bbab6d29c8d8fb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_6b6d18a3cfcd46dc16f3c627d4\" ON \"intent_follow_ups\"  (\"intentId\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"intent_attachments\" (\"id\" SERIAL NOT NULL, \"followUpId\" integer NOT NULL, \"intentId\" integer NOT NULL, \"filename\" character varying(200) NOT NULL, \"contentType\" character varying(100) NOT NULL, \"size\" integer NOT NULL, \"content\" text NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_b59299d452687cd0035ba905d83\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_bec494fba67252c9f247e76fc5\" ON \"intent_attachments\"  (\"intentId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_fd734b5a4261f3974ad7b03722\" ON \"intent_attachments\"  (\"followUpId\") ");
    await queryRunner.query("CREATE TABLE \"intent_parties\" (\"id\" SERIAL NOT NULL, \"intentId\" integer NOT NULL, \"organisationId\" integer NOT NULL, \"personId\" integer, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_fb91e76234350b17dbd633a4de6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_080db293f4013c86a4c481fdb4\" ON \"intent_parties\"  (\"organisationId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_406412187d37cc4a3956e68d5d\" ON \"intent_parties\"  (\"intentId\", \"organisationId\") ");
    await queryRunner.query("CREATE TABLE \"intent_stage_changes\" (\"id\" SERIAL NOT NULL, \"intentId\" integer NOT NULL, \"fromStage\" character varying(16), \"toStage\" character varying(16) NOT NULL, \"at\" TIMESTAMP NOT NULL, \"actor\" character varying(40) NOT NULL, \"actorName\" character varying(100), \"note\" text, \"correctsId\" integer, \"details\" text, CONSTRAINT \"PK_a7042b78d249b5157bdf847128b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_d48d9c5d4fd2dd494b2cdec61b\" ON \"intent_stage_changes\"  (\"correctsId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_c88146e4b19c0b284d7cc2cdbe\" ON \"intent_stage_changes\"  (\"intentId\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"intent_proposals\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"code\" character varying(12) NOT NULL, \"proposerRegistrationId\" integer NOT NULL, \"counterpartRegistrationId\" integer, \"title\" character varying(300) NOT NULL, \"kind\" character varying(24) NOT NULL, \"valueWan\" integer, \"note\" text, \"status\" character varying(12) NOT NULL, \"intentId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"answeredAt\" TIMESTAMP, CONSTRAINT \"UQ_599ee1ebc449f5274f9959c1a93\" UNIQUE (\"code\"), CONSTRAINT \"PK_342a9395fa8f4e6f9cfe03d1dbe\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_7eddf2d6fe34a4fd3ec32e2353\" ON \"intent_proposals\"  (\"counterpartRegistrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_7ccc6258d4f5f88be473eb63ed\" ON \"intent_proposals\"  (\"proposerRegistrationId\") ");
    await queryRunner.query("CREATE TABLE \"intent_reminders\" (\"id\" SERIAL NOT NULL, \"kind\" character varying(16) NOT NULL, \"targetKey\" character varying(64) NOT NULL, \"day\" character varying(10) NOT NULL, \"claim\" character varying(36) NOT NULL, \"intentId\" integer, \"sentAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_2ae63a75ad5574b10ad87a030b1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_3e295f982c624649c4ca971a25\" ON \"intent_reminders\"  (\"kind\", \"targetKey\", \"day\") ");
    await queryRunner.query("ALTER TABLE \"intents\" ADD CONSTRAINT \"FK_ddd9e3e18fbf31b3a9198e1b64e\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intents\" ADD CONSTRAINT \"FK_52de95a7d63eaef52e9d9c80b01\" FOREIGN KEY (\"ownerUserId\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intents\" ADD CONSTRAINT \"FK_ba1d514899ce27464fe4583a4b3\" FOREIGN KEY (\"ownerOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intents\" ADD CONSTRAINT \"FK_829d4323059dd5623c8c6fb0548\" FOREIGN KEY (\"ownerPersonId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_follow_ups\" ADD CONSTRAINT \"FK_38a18d62bf9aa6bb0264116f481\" FOREIGN KEY (\"intentId\") REFERENCES \"intents\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_attachments\" ADD CONSTRAINT \"FK_fd734b5a4261f3974ad7b037227\" FOREIGN KEY (\"followUpId\") REFERENCES \"intent_follow_ups\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_parties\" ADD CONSTRAINT \"FK_b5953589b108a2a7ca4e399c7b6\" FOREIGN KEY (\"intentId\") REFERENCES \"intents\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_parties\" ADD CONSTRAINT \"FK_080db293f4013c86a4c481fdb4a\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_parties\" ADD CONSTRAINT \"FK_5103ae72821722a983234bff541\" FOREIGN KEY (\"personId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_stage_changes\" ADD CONSTRAINT \"FK_f6fd42bfe15cd99b696e995b1a7\" FOREIGN KEY (\"intentId\") REFERENCES \"intents\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_proposals\" ADD CONSTRAINT \"FK_87c3233fd1600947f20c6517af8\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_proposals\" ADD CONSTRAINT \"FK_7ccc6258d4f5f88be473eb63eda\" FOREIGN KEY (\"proposerRegistrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"intent_proposals\" ADD CONSTRAINT \"FK_7eddf2d6fe34a4fd3ec32e23533\" FOREIGN KEY (\"counterpartRegistrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"intent_proposals\" DROP CONSTRAINT \"FK_7eddf2d6fe34a4fd3ec32e23533\"");
    await queryRunner.query("ALTER TABLE \"intent_proposals\" DROP CONSTRAINT \"FK_7ccc6258d4f5f88be473eb63eda\"");
    await queryRunner.query("ALTER TABLE \"intent_proposals\" DROP CONSTRAINT \"FK_87c3233fd1600947f20c6517af8\"");
    await queryRunner.query("ALTER TABLE \"intent_stage_changes\" DROP CONSTRAINT \"FK_f6fd42bfe15cd99b696e995b1a7\"");
    await queryRunner.query("ALTER TABLE \"intent_parties\" DROP CONSTRAINT \"FK_5103ae72821722a983234bff541\"");
    await queryRunner.query("ALTER TABLE \"intent_parties\" DROP CONSTRAINT \"FK_080db293f4013c86a4c481fdb4a\"");
    await queryRunner.query("ALTER TABLE \"intent_parties\" DROP CONSTRAINT \"FK_b5953589b108a2a7ca4e399c7b6\"");
    await queryRunner.query("ALTER TABLE \"intent_attachments\" DROP CONSTRAINT \"FK_fd734b5a4261f3974ad7b037227\"");
    await queryRunner.query("ALTER TABLE \"intent_follow_ups\" DROP CONSTRAINT \"FK_38a18d62bf9aa6bb0264116f481\"");
    await queryRunner.query("ALTER TABLE \"intents\" DROP CONSTRAINT \"FK_829d4323059dd5623c8c6fb0548\"");
    await queryRunner.query("ALTER TABLE \"intents\" DROP CONSTRAINT \"FK_ba1d514899ce27464fe4583a4b3\"");
    await queryRunner.query("ALTER TABLE \"intents\" DROP CONSTRAINT \"FK_52de95a7d63eaef52e9d9c80b01\"");
    await queryRunner.query("ALTER TABLE \"intents\" DROP CONSTRAINT \"FK_ddd9e3e18fbf31b3a9198e1b64e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3e295f982c624649c4ca971a25\"");
    await queryRunner.query("DROP TABLE \"intent_reminders\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7ccc6258d4f5f88be473eb63ed\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7eddf2d6fe34a4fd3ec32e2353\"");
    await queryRunner.query("DROP TABLE \"intent_proposals\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c88146e4b19c0b284d7cc2cdbe\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d48d9c5d4fd2dd494b2cdec61b\"");
    await queryRunner.query("DROP TABLE \"intent_stage_changes\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_406412187d37cc4a3956e68d5d\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_080db293f4013c86a4c481fdb4\"");
    await queryRunner.query("DROP TABLE \"intent_parties\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_fd734b5a4261f3974ad7b03722\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_bec494fba67252c9f247e76fc5\"");
    await queryRunner.query("DROP TABLE \"intent_attachments\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_6b6d18a3cfcd46dc16f3c627d4\"");
    await queryRunner.query("DROP TABLE \"intent_follow_ups\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a94f6a08595fddd3568925f256\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ce0bfbc7d4400be3360485e6ec\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_91db5356c07a0fcf2e9834b15e\"");
    await queryRunner.query("DROP TABLE \"intents\"");
  }
}
