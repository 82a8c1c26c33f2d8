import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Matchmaking1796190359105 implements MigrationInterface {
  name = 'Matchmaking1796190359105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"achievements\" (\"id\" SERIAL NOT NULL, \"title\" character varying(200) NOT NULL, \"titleEn\" character varying(300), \"summary\" text NOT NULL, \"categoryCode\" character varying(40) NOT NULL, \"maturity\" character varying(20) NOT NULL, \"transferModes\" text NOT NULL, \"ownerOrganisationId\" integer NOT NULL, \"contactPersonId\" integer, \"keywords\" text NOT NULL, \"patents\" text, \"cooperationSought\" text, \"status\" character varying(10) NOT NULL DEFAULT 'active', \"importId\" character varying(40), \"searchTitle\" text NOT NULL DEFAULT '', \"searchText\" text NOT NULL DEFAULT '', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_1bc19c37c6249f70186f318d71d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_8ed6b2a616e7f308b4001ce358\" ON \"achievements\"  (\"status\", \"categoryCode\") ");
    await queryRunner.query("CREATE TABLE \"event_listings\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"kind\" character varying(12) NOT NULL, \"itemId\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT '0', \"listName\" character varying(200), \"listNameEn\" character varying(300), CONSTRAINT \"PK_1bebe2d4ba68c9720a5f7b2c922\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_907c76f3bd40c28339bdc663f3\" ON \"event_listings\"  (\"kind\", \"itemId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\" ON \"event_listings\"  (\"eventId\", \"kind\", \"itemId\") ");
    await queryRunner.query("CREATE TABLE \"demands\" (\"id\" SERIAL NOT NULL, \"title\" character varying(200) NOT NULL, \"titleEn\" character varying(300), \"description\" text NOT NULL, \"categoryCode\" character varying(40) NOT NULL, \"publisherOrganisationId\" integer NOT NULL, \"city\" character varying(50), \"budgetMin\" integer, \"budgetMax\" integer, \"deadline\" character varying(10), \"openCall\" boolean NOT NULL DEFAULT false, \"contactPersonId\" integer, \"status\" character varying(10) NOT NULL DEFAULT 'active', \"importId\" character varying(40), \"searchTitle\" text NOT NULL DEFAULT '', \"searchText\" text NOT NULL DEFAULT '', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_d63565b0747a0cfc73e319bfc03\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_7587b21931249761b4ff336532\" ON \"demands\"  (\"status\", \"categoryCode\") ");
    await queryRunner.query("CREATE TABLE \"match_categories\" (\"id\" SERIAL NOT NULL, \"code\" character varying(40) NOT NULL, \"name\" character varying(60) NOT NULL, \"nameEn\" character varying(100), \"position\" integer NOT NULL DEFAULT '0', \"builtIn\" boolean NOT NULL DEFAULT false, CONSTRAINT \"UQ_09a61686f3ff6df02f8a7a0b294\" UNIQUE (\"code\"), CONSTRAINT \"PK_63c3b39c853354d824c161f1b43\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"demand_bids\" (\"id\" SERIAL NOT NULL, \"demandId\" integer NOT NULL, \"solverOrganisationId\" integer NOT NULL, \"approach\" text NOT NULL, \"contactName\" character varying(100) NOT NULL, \"contactEmail\" character varying(254) NOT NULL, \"contactPhone\" character varying(40), \"registrationId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_2da2a8791d477defa54b8133f72\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\" ON \"demand_bids\"  (\"demandId\", \"createdAt\") ");
    await queryRunner.query("ALTER TABLE \"achievements\" ADD CONSTRAINT \"FK_4fd13b577e71fa5da014787f6f7\" FOREIGN KEY (\"ownerOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"achievements\" ADD CONSTRAINT \"FK_8030abeb5f7abe94253c30d9946\" FOREIGN KEY (\"contactPersonId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"event_listings\" ADD CONSTRAINT \"FK_2c6be4de05076762c721218be1e\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"demands\" ADD CONSTRAINT \"FK_8f0791298d053c02a2cb2267c83\" FOREIGN KEY (\"publisherOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"demands\" ADD CONSTRAINT \"FK_2655f17838fc3d5a802de92e075\" FOREIGN KEY (\"contactPersonId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"demand_bids\" ADD CONSTRAINT \"FK_ae7b7802fbff6d6b0c15699c8d0\" FOREIGN KEY (\"demandId\") REFERENCES \"demands\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"demand_bids\" ADD CONSTRAINT \"FK_565dd5da1c18d5ad0b99491c095\" FOREIGN KEY (\"solverOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // The six domain categories of the lists the press reports (organisers may add more).
    await queryRunner.query(`INSERT INTO "match_categories" ("code", "name", "nameEn", "position", "builtIn") VALUES ('electronics', '电子信息', 'Electronics & IT', 1, true), ('materials', '先进材料', 'Advanced materials', 2, true), ('new_energy', '新能源', 'New energy', 3, true), ('equipment', '装备制造', 'Equipment manufacturing', 4, true), ('biomedicine', '生物医学', 'Biomedicine', 5, true), ('aerospace', '航空航天', 'Aerospace', 6, true)`);
    // Full-text search over the segmented text: the 'simple' configuration keeps the words as segmented.
    await queryRunner.query(`CREATE INDEX "IDX_achievements_search" ON "achievements" USING GIN (to_tsvector('simple', "searchText"))`);
    await queryRunner.query(`CREATE INDEX "IDX_demands_search" ON "demands" USING GIN (to_tsvector('simple', "searchText"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_demands_search"`);
    await queryRunner.query(`DROP INDEX "IDX_achievements_search"`);
    await queryRunner.query("ALTER TABLE \"demand_bids\" DROP CONSTRAINT \"FK_565dd5da1c18d5ad0b99491c095\"");
    await queryRunner.query("ALTER TABLE \"demand_bids\" DROP CONSTRAINT \"FK_ae7b7802fbff6d6b0c15699c8d0\"");
    await queryRunner.query("ALTER TABLE \"demands\" DROP CONSTRAINT \"FK_2655f17838fc3d5a802de92e075\"");
    await queryRunner.query("ALTER TABLE \"demands\" DROP CONSTRAINT \"FK_8f0791298d053c02a2cb2267c83\"");
    await queryRunner.query("ALTER TABLE \"event_listings\" DROP CONSTRAINT \"FK_2c6be4de05076762c721218be1e\"");
    await queryRunner.query("ALTER TABLE \"achievements\" DROP CONSTRAINT \"FK_8030abeb5f7abe94253c30d9946\"");
    await queryRunner.query("ALTER TABLE \"achievements\" DROP CONSTRAINT \"FK_4fd13b577e71fa5da014787f6f7\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_005522e15ab4c73eaaa5e2ecab\"");
    await queryRunner.query("DROP TABLE \"demand_bids\"");
    await queryRunner.query("DROP TABLE \"match_categories\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7587b21931249761b4ff336532\"");
    await queryRunner.query("DROP TABLE \"demands\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7c07b1f40149ba2ddbd7b2fd50\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_907c76f3bd40c28339bdc663f3\"");
    await queryRunner.query("DROP TABLE \"event_listings\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8ed6b2a616e7f308b4001ce358\"");
    await queryRunner.query("DROP TABLE \"achievements\"");
  }
}
