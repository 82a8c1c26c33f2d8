import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleRecommendationOverrides1796199594951 implements MigrationInterface {
  name = 'PeopleRecommendationOverrides1796199594951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_overrides\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"fromRegistrationId\" integer NOT NULL, \"toRegistrationId\" integer NOT NULL, \"action\" character varying(8) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_4b600da1f4529131094a9666492\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_75b71d94b87d9cda385092cedb\" ON \"meeting_recommendation_overrides\"  (\"eventId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_16ed40b4f2e9a44acbe3ab5959\" ON \"meeting_recommendation_overrides\"  (\"fromRegistrationId\", \"toRegistrationId\") ");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" ADD CONSTRAINT \"FK_75b71d94b87d9cda385092cedb9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" ADD CONSTRAINT \"FK_a46ad1a72b4306d6fd508d6f781\" FOREIGN KEY (\"fromRegistrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" ADD CONSTRAINT \"FK_b5b09396dbc6ddfe03ee588b8ac\" FOREIGN KEY (\"toRegistrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" DROP CONSTRAINT \"FK_b5b09396dbc6ddfe03ee588b8ac\"");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" DROP CONSTRAINT \"FK_a46ad1a72b4306d6fd508d6f781\"");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_overrides\" DROP CONSTRAINT \"FK_75b71d94b87d9cda385092cedb9\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_16ed40b4f2e9a44acbe3ab5959\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_75b71d94b87d9cda385092cedb\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_overrides\"");
  }
}
