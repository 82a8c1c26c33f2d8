import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingRequestReceiverIndex1796227041386 implements MigrationInterface {
  name = 'MeetingRequestReceiverIndex1796227041386';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_ab381c7a06e7cb251337045000\" ON \"meeting_requests\"  (\"toParticipantId\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ab381c7a06e7cb251337045000\"");
  }
}
