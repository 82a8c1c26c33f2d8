import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleRecommendationOverrides1796199594951 implements MigrationInterface {
  name = 'PeopleRecommendationOverrides1796199594951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromRegistrationId\" integer NOT NULL, \"toRegistrationId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_75b71d94b87d9cda385092cedb\" ON \"meeting_recommendation_overrides\" (\"eventId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\" ON \"meeting_recommendation_overrides\" (\"fromRegistrationId\", \"toRegistrationId\") ");
    await queryRunner.query("DROP INDEX \"IDX_75b71d94b87d9cda385092cedb\"");
    await queryRunner.query("DROP INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\"");
    await queryRunner.query("CREATE TABLE \"temporary_meeting_recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromRegistrationId\" integer NOT NULL, \"toRegistrationId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_75b71d94b87d9cda385092cedb9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_a46ad1a72b4306d6fd508d6f781\" FOREIGN KEY (\"fromRegistrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_b5b09396dbc6ddfe03ee588b8ac\" FOREIGN KEY (\"toRegistrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_meeting_recommendation_overrides\"(\"id\", \"eventId\", \"fromRegistrationId\", \"toRegistrationId\", \"action\", \"createdAt\") SELECT \"id\", \"eventId\", \"fromRegistrationId\", \"toRegistrationId\", \"action\", \"createdAt\" FROM \"meeting_recommendation_overrides\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_overrides\"");
    await queryRunner.query("ALTER TABLE \"temporary_meeting_recommendation_overrides\" RENAME TO \"meeting_recommendation_overrides\"");
    await queryRunner.query("CREATE INDEX \"IDX_75b71d94b87d9cda385092cedb\" ON \"meeting_recommendation_overrides\" (\"eventId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\" ON \"meeting_recommendation_overrides\" (\"fromRegistrationId\", \"toRegistrationId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\"");
    await queryRunner.query("DROP INDEX \"IDX_75b71d94b87d9cda385092cedb\"");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" RENAME TO \"temporary_meeting_recommendation_overrides\"");
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_overrides\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"fromRegistrationId\" integer NOT NULL, \"toRegistrationId\" integer NOT NULL, \"action\" varchar(8) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"meeting_recommendation_overrides\"(\"id\", \"eventId\", \"fromRegistrationId\", \"toRegistrationId\", \"action\", \"createdAt\") SELECT \"id\", \"eventId\", \"fromRegistrationId\", \"toRegistrationId\", \"action\", \"createdAt\" FROM \"temporary_meeting_recommendation_overrides\"");
    await queryRunner.query("DROP TABLE \"temporary_meeting_recommendation_overrides\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\" ON \"meeting_recommendation_overrides\" (\"fromRegistrationId\", \"toRegistrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_75b71d94b87d9cda385092cedb\" ON \"meeting_recommendation_overrides\" (\"eventId\") ");
    await queryRunner.query("DROP INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\"");
    await queryRunner.query("DROP INDEX \"IDX_75b71d94b87d9cda385092cedb\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_overrides\"");
  }
}
