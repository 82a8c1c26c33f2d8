import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Meetings1796190140052 implements MigrationInterface {
  name = 'Meetings1796190140052';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting_sessions\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"agendaSessionId\" integer NOT NULL, \"slotMinutes\" integer NOT NULL, \"breakMinutes\" integer NOT NULL DEFAULT '0', \"tableCount\" integer NOT NULL, \"tableZones\" text, \"requestCap\" integer NOT NULL DEFAULT '10', \"requestsOpenAt\" TIMESTAMP, \"requestsCloseAt\" TIMESTAMP, \"phase\" character varying(16) NOT NULL DEFAULT 'draft', \"publishedAt\" TIMESTAMP, \"lastRun\" text, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_b20c0fa5d983f544149da1e4495\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ffe8b36ed9532f2ef91fb985fd\" ON \"meeting_sessions\"  (\"agendaSessionId\") ");
    await queryRunner.query("CREATE TABLE \"meeting_participants\" (\"id\" SERIAL NOT NULL, \"meetingSessionId\" integer NOT NULL, \"registrationId\" integer NOT NULL, \"offer\" character varying(500) NOT NULL, \"seek\" character varying(500) NOT NULL, \"categories\" text, \"unavailableSlots\" text, \"active\" boolean NOT NULL DEFAULT true, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_994ee66a92de655fb478c038980\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_df698a30cbc78c7fc3aa62a2bd\" ON \"meeting_participants\"  (\"meetingSessionId\", \"registrationId\") ");
    await queryRunner.query("CREATE TABLE \"meeting_requests\" (\"id\" SERIAL NOT NULL, \"meetingSessionId\" integer NOT NULL, \"fromParticipantId\" integer NOT NULL, \"toParticipantId\" integer NOT NULL, \"message\" text NOT NULL, \"achievementId\" integer, \"demandId\" integer, \"status\" character varying(16) NOT NULL, \"prioritised\" boolean NOT NULL DEFAULT false, \"answeredBy\" character varying(16), \"answeredAt\" TIMESTAMP, \"sentBy\" character varying(16) NOT NULL DEFAULT 'participant', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_418e48920b2acbd0afdb7f9dec0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_c48a35a87a2d5d75ade882e5dc\" ON \"meeting_requests\"  (\"meetingSessionId\", \"status\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_49b79606e5d498323d3908990f\" ON \"meeting_requests\"  (\"fromParticipantId\", \"toParticipantId\") ");
    await queryRunner.query("CREATE TABLE \"meetings\" (\"id\" SERIAL NOT NULL, \"meetingSessionId\" integer NOT NULL, \"requestId\" integer NOT NULL, \"slot\" integer, \"tableNumber\" integer, \"locked\" boolean NOT NULL DEFAULT false, \"dropped\" boolean NOT NULL DEFAULT false, \"sequence\" integer NOT NULL DEFAULT '0', \"invitedAt\" TIMESTAMP, \"sentSlot\" integer, \"sentTable\" integer, \"sentStartsAt\" TIMESTAMP, \"sentEndsAt\" TIMESTAMP, \"outcome\" character varying(16), \"outcomeNote\" text, \"intent\" boolean NOT NULL DEFAULT false, \"outcomeBy\" character varying(32), \"outcomeAt\" TIMESTAMP, \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"UQ_e0ee1979a321d16a59765ff21e4\" UNIQUE (\"requestId\"), CONSTRAINT \"REL_e0ee1979a321d16a59765ff21e\" UNIQUE (\"requestId\"), CONSTRAINT \"PK_aa73be861afa77eb4ed31f3ed57\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_f3c5635b8ce44b062cefbc2d55\" ON \"meetings\"  (\"meetingSessionId\", \"slot\", \"tableNumber\") ");
    await queryRunner.query("ALTER TABLE \"meeting_sessions\" ADD CONSTRAINT \"FK_1c305f99cdeda14ba5a57f00663\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_sessions\" ADD CONSTRAINT \"FK_ffe8b36ed9532f2ef91fb985fd1\" FOREIGN KEY (\"agendaSessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_participants\" ADD CONSTRAINT \"FK_09c76338680e39e696b3a7e8900\" FOREIGN KEY (\"meetingSessionId\") REFERENCES \"meeting_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_participants\" ADD CONSTRAINT \"FK_720ec4c03a9752fcc94e42f27aa\" FOREIGN KEY (\"registrationId\") REFERENCES \"registrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" ADD CONSTRAINT \"FK_4989b4c4c27e7d2efcdab037e8b\" FOREIGN KEY (\"meetingSessionId\") REFERENCES \"meeting_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" ADD CONSTRAINT \"FK_442a045652d8843f8901fda0cbc\" FOREIGN KEY (\"fromParticipantId\") REFERENCES \"meeting_participants\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" ADD CONSTRAINT \"FK_ab381c7a06e7cb251337045000e\" FOREIGN KEY (\"toParticipantId\") REFERENCES \"meeting_participants\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meetings\" ADD CONSTRAINT \"FK_5353080d8e19aa833f55a625ac6\" FOREIGN KEY (\"meetingSessionId\") REFERENCES \"meeting_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meetings\" ADD CONSTRAINT \"FK_e0ee1979a321d16a59765ff21e4\" FOREIGN KEY (\"requestId\") REFERENCES \"meeting_requests\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"meetings\" DROP CONSTRAINT \"FK_e0ee1979a321d16a59765ff21e4\"");
    await queryRunner.query("ALTER TABLE \"meetings\" DROP CONSTRAINT \"FK_5353080d8e19aa833f55a625ac6\"");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" DROP CONSTRAINT \"FK_ab381c7a06e7cb251337045000e\"");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" DROP CONSTRAINT \"FK_442a045652d8843f8901fda0cbc\"");
    await queryRunner.query("ALTER TABLE \"meeting_requests\" DROP CONSTRAINT \"FK_4989b4c4c27e7d2efcdab037e8b\"");
    await queryRunner.query("ALTER TABLE \"meeting_participants\" DROP CONSTRAINT \"FK_720ec4c03a9752fcc94e42f27aa\"");
    await queryRunner.query("ALTER TABLE \"meeting_participants\" DROP CONSTRAINT \"FK_09c76338680e39e696b3a7e8900\"");
    await queryRunner.query("ALTER TABLE \"meeting_sessions\" DROP CONSTRAINT \"FK_ffe8b36ed9532f2ef91fb985fd1\"");
    await queryRunner.query("ALTER TABLE \"meeting_sessions\" DROP CONSTRAINT \"FK_1c305f99cdeda14ba5a57f00663\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f3c5635b8ce44b062cefbc2d55\"");
    await queryRunner.query("DROP TABLE \"meetings\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_49b79606e5d498323d3908990f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c48a35a87a2d5d75ade882e5dc\"");
    await queryRunner.query("DROP TABLE \"meeting_requests\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_df698a30cbc78c7fc3aa62a2bd\"");
    await queryRunner.query("DROP TABLE \"meeting_participants\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ffe8b36ed9532f2ef91fb985fd\"");
    await queryRunner.query("DROP TABLE \"meeting_sessions\"");
  }
}
