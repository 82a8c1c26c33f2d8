import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckInNonceScope1796203460935 implements MigrationInterface {
  name = 'CheckInNonceScope1796203460935';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_c0746b1065968a1c4236929196\"");
    await queryRunner.query("DROP INDEX \"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("DROP INDEX \"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("CREATE TABLE \"temporary_check_ins\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" varchar(24) NOT NULL, \"firstOf\" integer, \"source\" varchar(16) NOT NULL, \"nonce\" varchar(64), \"deviceId\" varchar(64), \"deviceName\" varchar(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" datetime NOT NULL, \"localResult\" varchar(24), \"flagged\" boolean NOT NULL DEFAULT (0), \"answer\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"nonceScope\" varchar(100) NOT NULL DEFAULT (''), \"claimedAt\" datetime, CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_debdc9d07d5d7703c264e3771bc\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_check_ins\"(\"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\" FROM \"check_ins\"");
    await queryRunner.query("DROP TABLE \"check_ins\"");
    await queryRunner.query("ALTER TABLE \"temporary_check_ins\" RENAME TO \"check_ins\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\" (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\" (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\" (\"listId\", \"registrationId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_dc0861c7aa14ffca1447d57033\" ON \"check_ins\" (\"eventId\", \"nonceScope\", \"nonce\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_dc0861c7aa14ffca1447d57033\"");
    await queryRunner.query("DROP INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\"");
    await queryRunner.query("DROP INDEX \"IDX_a84c11334145a196a85c032115\"");
    await queryRunner.query("DROP INDEX \"IDX_4179a6452ba31529f01ecd50eb\"");
    await queryRunner.query("ALTER TABLE \"check_ins\" RENAME TO \"temporary_check_ins\"");
    await queryRunner.query("CREATE TABLE \"check_ins\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"eventId\" integer NOT NULL, \"listId\" integer NOT NULL, \"registrationId\" integer, \"badgeId\" integer, \"result\" varchar(24) NOT NULL, \"firstOf\" integer, \"source\" varchar(16) NOT NULL, \"nonce\" varchar(64), \"deviceId\" varchar(64), \"deviceName\" varchar(100), \"userId\" integer, \"pairedDeviceId\" integer, \"scannedAt\" datetime NOT NULL, \"localResult\" varchar(24), \"flagged\" boolean NOT NULL DEFAULT (0), \"answer\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_26ca3a64dad82875b93bd06e9e4\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_debdc9d07d5d7703c264e3771bc\" FOREIGN KEY (\"listId\") REFERENCES \"check_in_lists\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"check_ins\"(\"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\") SELECT \"id\", \"eventId\", \"listId\", \"registrationId\", \"badgeId\", \"result\", \"firstOf\", \"source\", \"nonce\", \"deviceId\", \"deviceName\", \"userId\", \"pairedDeviceId\", \"scannedAt\", \"localResult\", \"flagged\", \"answer\", \"createdAt\" FROM \"temporary_check_ins\"");
    await queryRunner.query("DROP TABLE \"temporary_check_ins\"");
    await queryRunner.query("CREATE INDEX \"IDX_6c547ac14a57a5ab90ebc959bb\" ON \"check_ins\" (\"listId\", \"registrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a84c11334145a196a85c032115\" ON \"check_ins\" (\"eventId\", \"result\", \"scannedAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4179a6452ba31529f01ecd50eb\" ON \"check_ins\" (\"listId\", \"firstOf\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c0746b1065968a1c4236929196\" ON \"check_ins\" (\"eventId\", \"nonce\") ");
  }
}
