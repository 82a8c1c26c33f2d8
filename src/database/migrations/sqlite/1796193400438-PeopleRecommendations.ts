import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleRecommendations1796193400438 implements MigrationInterface {
  name = 'PeopleRecommendations1796193400438';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_dismissals\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"participantId\" integer NOT NULL, \"dismissedParticipantId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\" ON \"meeting_recommendation_dismissals\" (\"participantId\", \"dismissedParticipantId\") ");
    await queryRunner.query("DROP INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\"");
    await queryRunner.query("CREATE TABLE \"temporary_meeting_recommendation_dismissals\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"participantId\" integer NOT NULL, \"dismissedParticipantId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_13659f25901e1454a73dd9d10ab\" FOREIGN KEY (\"participantId\") REFERENCES \"meeting_participants\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_5d1b834cab0811a5a5e1a8d2ba0\" FOREIGN KEY (\"dismissedParticipantId\") REFERENCES \"meeting_participants\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_meeting_recommendation_dismissals\"(\"id\", \"participantId\", \"dismissedParticipantId\", \"createdAt\") SELECT \"id\", \"participantId\", \"dismissedParticipantId\", \"createdAt\" FROM \"meeting_recommendation_dismissals\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_dismissals\"");
    await queryRunner.query("ALTER TABLE \"temporary_meeting_recommendation_dismissals\" RENAME TO \"meeting_recommendation_dismissals\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\" ON \"meeting_recommendation_dismissals\" (\"participantId\", \"dismissedParticipantId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\"");
    await queryRunner.query("ALTER TABLE \"meeting_recommendation_dismissals\" RENAME TO \"temporary_meeting_recommendation_dismissals\"");
    await queryRunner.query("CREATE TABLE \"meeting_recommendation_dismissals\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"participantId\" integer NOT NULL, \"dismissedParticipantId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"meeting_recommendation_dismissals\"(\"id\", \"participantId\", \"dismissedParticipantId\", \"createdAt\") SELECT \"id\", \"participantId\", \"dismissedParticipantId\", \"createdAt\" FROM \"temporary_meeting_recommendation_dismissals\"");
    await queryRunner.query("DROP TABLE \"temporary_meeting_recommendation_dismissals\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\" ON \"meeting_recommendation_dismissals\" (\"participantId\", \"dismissedParticipantId\") ");
    await queryRunner.query("DROP INDEX \"IDX_f30fbd33823e79a0dc7fc7931e\"");
    await queryRunner.query("DROP TABLE \"meeting_recommendation_dismissals\"");
  }
}
