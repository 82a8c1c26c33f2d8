import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxSharedBodies1796275303683 implements MigrationInterface {
  name = 'OutboxSharedBodies1796275303683';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mail_bodies\" (\"hash\" varchar(64) PRIMARY KEY NOT NULL, \"content\" text NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    // One rebuild of the outbox (the generator wrote two: one for the new columns, one for the nullable parts).
    await queryRunner.query("DROP INDEX \"IDX_721ab8b63f215f03bfbd266e2b\"");
    await queryRunner.query("DROP INDEX \"IDX_9000793608d0e390a7ce08043f\"");
    await queryRunner.query("CREATE TABLE \"temporary_outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"messageId\" varchar(200) NOT NULL, \"kind\" varchar(40) NOT NULL, \"eventId\" integer, \"registrationId\" integer, \"toAddress\" varchar(254) NOT NULL, \"toName\" varchar(200), \"subject\" varchar(500) NOT NULL, \"html\" text, \"text\" text, \"attachments\" text, \"calendar\" text, \"calendarMethod\" varchar(8), \"status\" varchar(8) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime NOT NULL, \"leaseUntil\" datetime, \"lastError\" varchar(500), \"sentAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"bodyHash\" varchar(64), \"bodyValues\" text, CONSTRAINT \"UQ_c5b80f1982eacc09beee6dcfd7d\" UNIQUE (\"messageId\"))");
    await queryRunner.query("INSERT INTO \"temporary_outbox_messages\"(\"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\") SELECT \"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\" FROM \"outbox_messages\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_outbox_messages\" RENAME TO \"outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_721ab8b63f215f03bfbd266e2b\" ON \"outbox_messages\" (\"registrationId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_9000793608d0e390a7ce08043f\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_9000793608d0e390a7ce08043f\"");
    await queryRunner.query("DROP INDEX \"IDX_721ab8b63f215f03bfbd266e2b\"");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" RENAME TO \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"messageId\" varchar(200) NOT NULL, \"kind\" varchar(40) NOT NULL, \"eventId\" integer, \"registrationId\" integer, \"toAddress\" varchar(254) NOT NULL, \"toName\" varchar(200), \"subject\" varchar(500) NOT NULL, \"html\" text NOT NULL, \"text\" text NOT NULL, \"attachments\" text, \"calendar\" text, \"calendarMethod\" varchar(8), \"status\" varchar(8) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime NOT NULL, \"leaseUntil\" datetime, \"lastError\" varchar(500), \"sentAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"bodyHash\" varchar(64), \"bodyValues\" text, CONSTRAINT \"UQ_c5b80f1982eacc09beee6dcfd7d\" UNIQUE (\"messageId\"))");
    await queryRunner.query("INSERT INTO \"outbox_messages\"(\"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\", \"bodyHash\", \"bodyValues\") SELECT \"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\", \"bodyHash\", \"bodyValues\" FROM \"temporary_outbox_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_9000793608d0e390a7ce08043f\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_721ab8b63f215f03bfbd266e2b\" ON \"outbox_messages\" (\"registrationId\") ");
    await queryRunner.query("DROP INDEX \"IDX_9000793608d0e390a7ce08043f\"");
    await queryRunner.query("DROP INDEX \"IDX_721ab8b63f215f03bfbd266e2b\"");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" RENAME TO \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"messageId\" varchar(200) NOT NULL, \"kind\" varchar(40) NOT NULL, \"eventId\" integer, \"registrationId\" integer, \"toAddress\" varchar(254) NOT NULL, \"toName\" varchar(200), \"subject\" varchar(500) NOT NULL, \"html\" text NOT NULL, \"text\" text NOT NULL, \"attachments\" text, \"calendar\" text, \"calendarMethod\" varchar(8), \"status\" varchar(8) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime NOT NULL, \"leaseUntil\" datetime, \"lastError\" varchar(500), \"sentAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_c5b80f1982eacc09beee6dcfd7d\" UNIQUE (\"messageId\"))");
    await queryRunner.query("INSERT INTO \"outbox_messages\"(\"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\") SELECT \"id\", \"messageId\", \"kind\", \"eventId\", \"registrationId\", \"toAddress\", \"toName\", \"subject\", \"html\", \"text\", \"attachments\", \"calendar\", \"calendarMethod\", \"status\", \"attempts\", \"nextAttemptAt\", \"leaseUntil\", \"lastError\", \"sentAt\", \"createdAt\" FROM \"temporary_outbox_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_9000793608d0e390a7ce08043f\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_721ab8b63f215f03bfbd266e2b\" ON \"outbox_messages\" (\"registrationId\") ");
    await queryRunner.query("DROP TABLE \"mail_bodies\"");
  }
}
