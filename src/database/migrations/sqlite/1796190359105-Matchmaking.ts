import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Matchmaking1796190359105 implements MigrationInterface {
  name = 'Matchmaking1796190359105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"achievements\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"summary\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"maturity\" varchar(20) NOT NULL, \"transferModes\" text NOT NULL, \"ownerOrganisationId\" integer NOT NULL, \"contactPersonId\" integer, \"keywords\" text NOT NULL, \"patents\" text, \"cooperationSought\" text, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_8ed6b2a616e7f308b4001ce358\" ON \"achievements\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("CREATE TABLE \"event_listings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"kind\" varchar(12) NOT NULL, \"itemId\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT (0), \"listName\" varchar(200), \"listNameEn\" varchar(300))");
    await queryRunner.query("CREATE INDEX \"IDX_907c76f3bd40c28339bdc663f3\" ON \"event_listings\" (\"kind\", \"itemId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\" ON \"event_listings\" (\"eventId\", \"kind\", \"itemId\") ");
    await queryRunner.query("CREATE TABLE \"demands\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"description\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"publisherOrganisationId\" integer NOT NULL, \"city\" varchar(50), \"budgetMin\" integer, \"budgetMax\" integer, \"deadline\" varchar(10), \"openCall\" boolean NOT NULL DEFAULT (0), \"contactPersonId\" integer, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_7587b21931249761b4ff336532\" ON \"demands\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("CREATE TABLE \"match_categories\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(40) NOT NULL, \"name\" varchar(60) NOT NULL, \"nameEn\" varchar(100), \"position\" integer NOT NULL DEFAULT (0), \"builtIn\" boolean NOT NULL DEFAULT (0), CONSTRAINT \"UQ_09a61686f3ff6df02f8a7a0b294\" UNIQUE (\"code\"))");
    await queryRunner.query("CREATE TABLE \"demand_bids\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"demandId\" integer NOT NULL, \"solverOrganisationId\" integer NOT NULL, \"approach\" text NOT NULL, \"contactName\" varchar(100) NOT NULL, \"contactEmail\" varchar(254) NOT NULL, \"contactPhone\" varchar(40), \"registrationId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\" ON \"demand_bids\" (\"demandId\", \"createdAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_8ed6b2a616e7f308b4001ce358\"");
    await queryRunner.query("CREATE TABLE \"temporary_achievements\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"summary\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"maturity\" varchar(20) NOT NULL, \"transferModes\" text NOT NULL, \"ownerOrganisationId\" integer NOT NULL, \"contactPersonId\" integer, \"keywords\" text NOT NULL, \"patents\" text, \"cooperationSought\" text, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_4fd13b577e71fa5da014787f6f7\" FOREIGN KEY (\"ownerOrganisationId\") REFERENCES \"organisations\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_8030abeb5f7abe94253c30d9946\" FOREIGN KEY (\"contactPersonId\") REFERENCES \"people\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_achievements\"(\"id\", \"title\", \"titleEn\", \"summary\", \"categoryCode\", \"maturity\", \"transferModes\", \"ownerOrganisationId\", \"contactPersonId\", \"keywords\", \"patents\", \"cooperationSought\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"summary\", \"categoryCode\", \"maturity\", \"transferModes\", \"ownerOrganisationId\", \"contactPersonId\", \"keywords\", \"patents\", \"cooperationSought\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\" FROM \"achievements\"");
    await queryRunner.query("DROP TABLE \"achievements\"");
    await queryRunner.query("ALTER TABLE \"temporary_achievements\" RENAME TO \"achievements\"");
    await queryRunner.query("CREATE INDEX \"IDX_8ed6b2a616e7f308b4001ce358\" ON \"achievements\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("DROP INDEX \"IDX_907c76f3bd40c28339bdc663f3\"");
    await queryRunner.query("DROP INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\"");
    await queryRunner.query("CREATE TABLE \"temporary_event_listings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"kind\" varchar(12) NOT NULL, \"itemId\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT (0), \"listName\" varchar(200), \"listNameEn\" varchar(300), CONSTRAINT \"FK_2c6be4de05076762c721218be1e\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_event_listings\"(\"id\", \"eventId\", \"kind\", \"itemId\", \"position\", \"listName\", \"listNameEn\") SELECT \"id\", \"eventId\", \"kind\", \"itemId\", \"position\", \"listName\", \"listNameEn\" FROM \"event_listings\"");
    await queryRunner.query("DROP TABLE \"event_listings\"");
    await queryRunner.query("ALTER TABLE \"temporary_event_listings\" RENAME TO \"event_listings\"");
    await queryRunner.query("CREATE INDEX \"IDX_907c76f3bd40c28339bdc663f3\" ON \"event_listings\" (\"kind\", \"itemId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\" ON \"event_listings\" (\"eventId\", \"kind\", \"itemId\") ");
    await queryRunner.query("DROP INDEX \"IDX_7587b21931249761b4ff336532\"");
    await queryRunner.query("CREATE TABLE \"temporary_demands\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"description\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"publisherOrganisationId\" integer NOT NULL, \"city\" varchar(50), \"budgetMin\" integer, \"budgetMax\" integer, \"deadline\" varchar(10), \"openCall\" boolean NOT NULL DEFAULT (0), \"contactPersonId\" integer, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_8f0791298d053c02a2cb2267c83\" FOREIGN KEY (\"publisherOrganisationId\") REFERENCES \"organisations\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_2655f17838fc3d5a802de92e075\" FOREIGN KEY (\"contactPersonId\") REFERENCES \"people\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_demands\"(\"id\", \"title\", \"titleEn\", \"description\", \"categoryCode\", \"publisherOrganisationId\", \"city\", \"budgetMin\", \"budgetMax\", \"deadline\", \"openCall\", \"contactPersonId\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"description\", \"categoryCode\", \"publisherOrganisationId\", \"city\", \"budgetMin\", \"budgetMax\", \"deadline\", \"openCall\", \"contactPersonId\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\" FROM \"demands\"");
    await queryRunner.query("DROP TABLE \"demands\"");
    await queryRunner.query("ALTER TABLE \"temporary_demands\" RENAME TO \"demands\"");
    await queryRunner.query("CREATE INDEX \"IDX_7587b21931249761b4ff336532\" ON \"demands\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("DROP INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\"");
    await queryRunner.query("CREATE TABLE \"temporary_demand_bids\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"demandId\" integer NOT NULL, \"solverOrganisationId\" integer NOT NULL, \"approach\" text NOT NULL, \"contactName\" varchar(100) NOT NULL, \"contactEmail\" varchar(254) NOT NULL, \"contactPhone\" varchar(40), \"registrationId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_ae7b7802fbff6d6b0c15699c8d0\" FOREIGN KEY (\"demandId\") REFERENCES \"demands\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_565dd5da1c18d5ad0b99491c095\" FOREIGN KEY (\"solverOrganisationId\") REFERENCES \"organisations\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_demand_bids\"(\"id\", \"demandId\", \"solverOrganisationId\", \"approach\", \"contactName\", \"contactEmail\", \"contactPhone\", \"registrationId\", \"createdAt\") SELECT \"id\", \"demandId\", \"solverOrganisationId\", \"approach\", \"contactName\", \"contactEmail\", \"contactPhone\", \"registrationId\", \"createdAt\" FROM \"demand_bids\"");
    await queryRunner.query("DROP TABLE \"demand_bids\"");
    await queryRunner.query("ALTER TABLE \"temporary_demand_bids\" RENAME TO \"demand_bids\"");
    await queryRunner.query("CREATE INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\" ON \"demand_bids\" (\"demandId\", \"createdAt\") ");
    // The six domain categories of the lists the press reports (organisers may add more).
    await queryRunner.query(`INSERT INTO "match_categories" ("code", "name", "nameEn", "position", "builtIn") VALUES ('electronics', '电子信息', 'Electronics & IT', 1, 1), ('materials', '先进材料', 'Advanced materials', 2, 1), ('new_energy', '新能源', 'New energy', 3, 1), ('equipment', '装备制造', 'Equipment manufacturing', 4, 1), ('biomedicine', '生物医学', 'Biomedicine', 5, 1), ('aerospace', '航空航天', 'Aerospace', 6, 1)`);
    // Full-text search: one FTS5 table per library over the segmented title and text (rowid = the item's id),
    // written by the services in the item's transaction.
    await queryRunner.query(`CREATE VIRTUAL TABLE "achievements_fts" USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')`);
    await queryRunner.query(`CREATE VIRTUAL TABLE "demands_fts" USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "demands_fts"`);
    await queryRunner.query(`DROP TABLE "achievements_fts"`);
    await queryRunner.query("DROP INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\"");
    await queryRunner.query("ALTER TABLE \"demand_bids\" RENAME TO \"temporary_demand_bids\"");
    await queryRunner.query("CREATE TABLE \"demand_bids\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"demandId\" integer NOT NULL, \"solverOrganisationId\" integer NOT NULL, \"approach\" text NOT NULL, \"contactName\" varchar(100) NOT NULL, \"contactEmail\" varchar(254) NOT NULL, \"contactPhone\" varchar(40), \"registrationId\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"demand_bids\"(\"id\", \"demandId\", \"solverOrganisationId\", \"approach\", \"contactName\", \"contactEmail\", \"contactPhone\", \"registrationId\", \"createdAt\") SELECT \"id\", \"demandId\", \"solverOrganisationId\", \"approach\", \"contactName\", \"contactEmail\", \"contactPhone\", \"registrationId\", \"createdAt\" FROM \"temporary_demand_bids\"");
    await queryRunner.query("DROP TABLE \"temporary_demand_bids\"");
    await queryRunner.query("CREATE INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\" ON \"demand_bids\" (\"demandId\", \"createdAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_7587b21931249761b4ff336532\"");
    await queryRunner.query("ALTER TABLE \"demands\" RENAME TO \"temporary_demands\"");
    await queryRunner.query("CREATE TABLE \"demands\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"description\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"publisherOrganisationId\" integer NOT NULL, \"city\" varchar(50), \"budgetMin\" integer, \"budgetMax\" integer, \"deadline\" varchar(10), \"openCall\" boolean NOT NULL DEFAULT (0), \"contactPersonId\" integer, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"demands\"(\"id\", \"title\", \"titleEn\", \"description\", \"categoryCode\", \"publisherOrganisationId\", \"city\", \"budgetMin\", \"budgetMax\", \"deadline\", \"openCall\", \"contactPersonId\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"description\", \"categoryCode\", \"publisherOrganisationId\", \"city\", \"budgetMin\", \"budgetMax\", \"deadline\", \"openCall\", \"contactPersonId\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\" FROM \"temporary_demands\"");
    await queryRunner.query("DROP TABLE \"temporary_demands\"");
    await queryRunner.query("CREATE INDEX \"IDX_7587b21931249761b4ff336532\" ON \"demands\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("DROP INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\"");
    await queryRunner.query("DROP INDEX \"IDX_907c76f3bd40c28339bdc663f3\"");
    await queryRunner.query("ALTER TABLE \"event_listings\" RENAME TO \"temporary_event_listings\"");
    await queryRunner.query("CREATE TABLE \"event_listings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"kind\" varchar(12) NOT NULL, \"itemId\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT (0), \"listName\" varchar(200), \"listNameEn\" varchar(300))");
    await queryRunner.query("INSERT INTO \"event_listings\"(\"id\", \"eventId\", \"kind\", \"itemId\", \"position\", \"listName\", \"listNameEn\") SELECT \"id\", \"eventId\", \"kind\", \"itemId\", \"position\", \"listName\", \"listNameEn\" FROM \"temporary_event_listings\"");
    await queryRunner.query("DROP TABLE \"temporary_event_listings\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\" ON \"event_listings\" (\"eventId\", \"kind\", \"itemId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_907c76f3bd40c28339bdc663f3\" ON \"event_listings\" (\"kind\", \"itemId\") ");
    await queryRunner.query("DROP INDEX \"IDX_8ed6b2a616e7f308b4001ce358\"");
    await queryRunner.query("ALTER TABLE \"achievements\" RENAME TO \"temporary_achievements\"");
    await queryRunner.query("CREATE TABLE \"achievements\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"titleEn\" varchar(300), \"summary\" text NOT NULL, \"categoryCode\" varchar(40) NOT NULL, \"maturity\" varchar(20) NOT NULL, \"transferModes\" text NOT NULL, \"ownerOrganisationId\" integer NOT NULL, \"contactPersonId\" integer, \"keywords\" text NOT NULL, \"patents\" text, \"cooperationSought\" text, \"status\" varchar(10) NOT NULL DEFAULT ('active'), \"importId\" varchar(40), \"searchTitle\" text NOT NULL DEFAULT (''), \"searchText\" text NOT NULL DEFAULT (''), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"achievements\"(\"id\", \"title\", \"titleEn\", \"summary\", \"categoryCode\", \"maturity\", \"transferModes\", \"ownerOrganisationId\", \"contactPersonId\", \"keywords\", \"patents\", \"cooperationSought\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"summary\", \"categoryCode\", \"maturity\", \"transferModes\", \"ownerOrganisationId\", \"contactPersonId\", \"keywords\", \"patents\", \"cooperationSought\", \"status\", \"importId\", \"searchTitle\", \"searchText\", \"createdAt\", \"updatedAt\" FROM \"temporary_achievements\"");
    await queryRunner.query("DROP TABLE \"temporary_achievements\"");
    await queryRunner.query("CREATE INDEX \"IDX_8ed6b2a616e7f308b4001ce358\" ON \"achievements\" (\"status\", \"categoryCode\") ");
    await queryRunner.query("DROP INDEX \"IDX_005522e15ab4c73eaaa5e2ecab\"");
    await queryRunner.query("DROP TABLE \"demand_bids\"");
    await queryRunner.query("DROP TABLE \"match_categories\"");
    await queryRunner.query("DROP INDEX \"IDX_7587b21931249761b4ff336532\"");
    await queryRunner.query("DROP TABLE \"demands\"");
    await queryRunner.query("DROP INDEX \"IDX_7c07b1f40149ba2ddbd7b2fd50\"");
    await queryRunner.query("DROP INDEX \"IDX_907c76f3bd40c28339bdc663f3\"");
    await queryRunner.query("DROP TABLE \"event_listings\"");
    await queryRunner.query("DROP INDEX \"IDX_8ed6b2a616e7f308b4001ce358\"");
    await queryRunner.query("DROP TABLE \"achievements\"");
  }
}
