import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleRecommendations1796193400438 implements MigrationInterface {
  name = 'PeopleRecommendations1796193400438';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_dismissals\" (\"id\" SERIAL NOT NULL, \"participantId\" integer NOT NULL, \"dismissedParticipantId\" integer NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_22541210d2a8873ffde5d231d1b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\" ON \"meeting_recommendation_dismissals\"  (\"participantId\", \"dismissedParticipantId\") ");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_dismissals\" ADD CONSTRAINT \"FK_13659f25901e1454a73dd9d10ab\" FOREIGN KEY (\"participantId\") REFERENCES \"meeting_participants\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_dismissals\" ADD CONSTRAINT \"FK_5d1b834cab0811a5a5e1a8d2ba0\" FOREIGN KEY (\"dismissedParticipantId\") REFERENCES \"meeting_participants\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_dismissals\" DROP CONSTRAINT \"FK_5d1b834cab0811a5a5e1a8d2ba0\"");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_dismissals\" DROP CONSTRAINT \"FK_13659f25901e1454a73dd9d10ab\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f30fbd33823e79a0dc7fc7931e\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_dismissals\"");
  }
}
