import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Roadshows1796198251599 implements MigrationInterface {
  name = 'Roadshows1796198251599';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"roadshows\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"agendaSessionId\" integer NOT NULL, \"changeoverMinutes\" integer NOT NULL DEFAULT '0', \"acceptedWarnings\" text, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_dd9bd1886118ab7eb0221c7c5da\" UNIQUE (\"agendaSessionId\"), CONSTRAINT \"PK_c0590df21d7683ca8109645d77f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"roadshow_criteria\" (\"id\" SERIAL NOT NULL, \"roadshowId\" integer NOT NULL, \"name\" character varying(60) NOT NULL, \"nameEn\" character varying(100), \"weight\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_0accc68810bd1768c7401beb687\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_014e6b3d873f7c5a71468b86e7\" ON \"roadshow_criteria\"  (\"roadshowId\", \"position\") ");
    await queryRunner.query("CREATE TABLE \"roadshow_projects\" (\"id\" SERIAL NOT NULL, \"roadshowId\" integer NOT NULL, \"position\" integer NOT NULL, \"name\" character varying(200) NOT NULL, \"nameEn\" character varying(300), \"summary\" text, \"summaryEn\" text, \"organisationId\" integer NOT NULL, \"presenterId\" integer, \"categoryCode\" character varying(40), \"stage\" character varying(20), \"seeks\" text NOT NULL, \"pitchMinutes\" integer NOT NULL, \"qaMinutes\" integer NOT NULL DEFAULT '0', \"achievementId\" integer, \"publicToken\" character varying(32) NOT NULL, \"presenterLinkVersion\" integer NOT NULL DEFAULT '1', \"slidesBytes\" integer, \"slidesUploadedAt\" TIMESTAMP, \"leadsMailedAt\" TIMESTAMP, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_68a89aced84426b32009b779430\" UNIQUE (\"publicToken\"), CONSTRAINT \"PK_0ee859d859b523f6197265295cb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_f4977b508be34b09749038dc47\" ON \"roadshow_projects\"  (\"roadshowId\", \"position\") ");
    await queryRunner.query("CREATE TABLE \"roadshow_leads\" (\"id\" SERIAL NOT NULL, \"projectId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"kind\" character varying(16) NOT NULL, \"message\" text, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_2ee86fba9dc22cb5a4fc970429f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_4b777abbca31525e52754139c0\" ON \"roadshow_leads\"  (\"projectId\", \"kind\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_fd8cfa579715be53d1f6961e57\" ON \"roadshow_leads\"  (\"registrationId\", \"projectId\", \"kind\") ");
    await queryRunner.query("CREATE TABLE \"roadshow_judges\" (\"id\" SERIAL NOT NULL, \"roadshowId\" integer NOT NULL, \"personId\" integer NOT NULL, \"linkVersion\" integer NOT NULL DEFAULT '1', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_20a795bcfe95ee055d329d90d16\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d9c56bb2b10bcba6ab6de917d5\" ON \"roadshow_judges\"  (\"roadshowId\", \"personId\") ");
    await queryRunner.query("CREATE TABLE \"roadshow_slides\" (\"projectId\" integer NOT NULL, \"data\" text NOT NULL, CONSTRAINT \"PK_908154dc7ed724ef93fd2fde32c\" PRIMARY KEY (\"projectId\"))");
    await queryRunner.query("CREATE TABLE \"roadshow_scores\" (\"id\" SERIAL NOT NULL, \"judgeId\" integer NOT NULL, \"projectId\" integer NOT NULL, \"criterionId\" integer NOT NULL, \"score\" integer NOT NULL, \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_53267292214d339a5123d327a4f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_cef8c26b5c25df62a8198560b5\" ON \"roadshow_scores\"  (\"projectId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_144e78ba714ac0cd587ec29f5f\" ON \"roadshow_scores\"  (\"judgeId\", \"projectId\", \"criterionId\") ");
    await queryRunner.query("ALTER TABLE \"roadshows\" ADD CONSTRAINT \"FK_30829b9696a5f6ffb0b6db439ee\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshows\" ADD CONSTRAINT \"FK_dd9bd1886118ab7eb0221c7c5da\" FOREIGN KEY (\"agendaSessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_criteria\" ADD CONSTRAINT \"FK_cb8dc9975bb4f2074ba19c31ca3\" FOREIGN KEY (\"roadshowId\") REFERENCES \"roadshows\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" ADD CONSTRAINT \"FK_5b67abbaf12d90e2ca313c19fd4\" FOREIGN KEY (\"roadshowId\") REFERENCES \"roadshows\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" ADD CONSTRAINT \"FK_6804928b42c166e06dbb496f5d6\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" ADD CONSTRAINT \"FK_9d7693036df09f15c73a99fd9ee\" FOREIGN KEY (\"presenterId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_leads\" ADD CONSTRAINT \"FK_5e1333194ce8f5d99bde0d9122d\" FOREIGN KEY (\"projectId\") REFERENCES \"roadshow_projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_leads\" ADD CONSTRAINT \"FK_78ec75c5393c70e5cbc8c850e7e\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_judges\" ADD CONSTRAINT \"FK_025c42fa2dc3d79e05743595c10\" FOREIGN KEY (\"roadshowId\") REFERENCES \"roadshows\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_judges\" ADD CONSTRAINT \"FK_f15fbcc7a65892db03d7bfb877d\" FOREIGN KEY (\"personId\") REFERENCES \"people\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_slides\" ADD CONSTRAINT \"FK_908154dc7ed724ef93fd2fde32c\" FOREIGN KEY (\"projectId\") REFERENCES \"roadshow_projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" ADD CONSTRAINT \"FK_7aa3478040d5562cbec22eb6ad0\" FOREIGN KEY (\"judgeId\") REFERENCES \"roadshow_judges\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" ADD CONSTRAINT \"FK_cef8c26b5c25df62a8198560b5c\" FOREIGN KEY (\"projectId\") REFERENCES \"roadshow_projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" ADD CONSTRAINT \"FK_c3404486f36bbb02355ecaef6ba\" FOREIGN KEY (\"criterionId\") REFERENCES \"roadshow_criteria\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" DROP CONSTRAINT \"FK_c3404486f36bbb02355ecaef6ba\"");
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" DROP CONSTRAINT \"FK_cef8c26b5c25df62a8198560b5c\"");
    await queryRunner.query("ALTER TABLE \"roadshow_scores\" DROP CONSTRAINT \"FK_7aa3478040d5562cbec22eb6ad0\"");
    await queryRunner.query("ALTER TABLE \"roadshow_slides\" DROP CONSTRAINT \"FK_908154dc7ed724ef93fd2fde32c\"");
    await queryRunner.query("ALTER TABLE \"roadshow_judges\" DROP CONSTRAINT \"FK_f15fbcc7a65892db03d7bfb877d\"");
    await queryRunner.query("ALTER TABLE \"roadshow_judges\" DROP CONSTRAINT \"FK_025c42fa2dc3d79e05743595c10\"");
    await queryRunner.query("ALTER TABLE \"roadshow_leads\" DROP CONSTRAINT \"FK_78ec75c5393c70e5cbc8c850e7e\"");
    await queryRunner.query("ALTER TABLE \"roadshow_leads\" DROP CONSTRAINT \"FK_5e1333194ce8f5d99bde0d9122d\"");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" DROP CONSTRAINT \"FK_9d7693036df09f15c73a99fd9ee\"");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" DROP CONSTRAINT \"FK_6804928b42c166e06dbb496f5d6\"");
    await queryRunner.query("ALTER TABLE \"roadshow_projects\" DROP CONSTRAINT \"FK_5b67abbaf12d90e2ca313c19fd4\"");
    await queryRunner.query("ALTER TABLE \"roadshow_criteria\" DROP CONSTRAINT \"FK_cb8dc9975bb4f2074ba19c31ca3\"");
    await queryRunner.query("ALTER TABLE \"roadshows\" DROP CONSTRAINT \"FK_dd9bd1886118ab7eb0221c7c5da\"");
    await queryRunner.query("ALTER TABLE \"roadshows\" DROP CONSTRAINT \"FK_30829b9696a5f6ffb0b6db439ee\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_144e78ba714ac0cd587ec29f5f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_cef8c26b5c25df62a8198560b5\"");
    await queryRunner.query("DROP TABLE \"roadshow_scores\"");
    await queryRunner.query("DROP TABLE \"roadshow_slides\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d9c56bb2b10bcba6ab6de917d5\"");
    await queryRunner.query("DROP TABLE \"roadshow_judges\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_fd8cfa579715be53d1f6961e57\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_4b777abbca31525e52754139c0\"");
    await queryRunner.query("DROP TABLE \"roadshow_leads\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f4977b508be34b09749038dc47\"");
    await queryRunner.query("DROP TABLE \"roadshow_projects\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_014e6b3d873f7c5a71468b86e7\"");
    await queryRunner.query("DROP TABLE \"roadshow_criteria\"");
    await queryRunner.query("DROP TABLE \"roadshows\"");
  }
}
