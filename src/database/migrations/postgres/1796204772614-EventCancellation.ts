import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventCancellation1796204772614 implements MigrationInterface {
  name = 'EventCancellation1796204772614';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"badges\" DROP CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\"");
    await queryRunner.query("ALTER TABLE \"events\" ADD \"cancelledAt\" TIMESTAMP");
    await queryRunner.query("ALTER TABLE \"events\" ADD \"cancellationReason\" character varying(500)");
    await queryRunner.query("ALTER TABLE \"badges\" ADD CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"check_ins\" DROP CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\"");
    await queryRunner.query("ALTER TABLE \"registrations\" DROP CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\"");
    await queryRunner.query("ALTER TABLE \"badges\" DROP CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\"");
    await queryRunner.query("ALTER TABLE \"events\" DROP COLUMN \"cancellationReason\"");
    await queryRunner.query("ALTER TABLE \"events\" DROP COLUMN \"cancelledAt\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" ADD CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"registrations\" ADD CONSTRAINT \"FK_06a49e76b60cac63e04b81eb1a9\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"badges\" ADD CONSTRAINT \"FK_eb5c829cf92fd25ae3fce51fbc7\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }
}
