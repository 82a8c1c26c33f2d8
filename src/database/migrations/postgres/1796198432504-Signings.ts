import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Signings1796198432504 implements MigrationInterface {
  name = 'Signings1796198432504';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"signing_ceremonies\" (\"id\" SERIAL NOT NULL, \"eventId\" integer NOT NULL, \"agendaSessionId\" integer NOT NULL, \"hostOrganisationId\" integer, \"openingMinutes\" integer NOT NULL DEFAULT '2', \"minutesPerSigning\" integer NOT NULL DEFAULT '5', \"summary\" text, \"stagePhase\" character varying(16) NOT NULL DEFAULT 'opening', \"currentAgreementId\" integer, \"screenVersion\" integer NOT NULL DEFAULT '1', \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_6fc2347354e53f74d6e7baae1f1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_3438e43af8e4268c4705ac74ce\" ON \"signing_ceremonies\"  (\"agendaSessionId\") ");
    await queryRunner.query("CREATE TABLE \"signing_agreements\" (\"id\" SERIAL NOT NULL, \"ceremonyId\" integer NOT NULL, \"eventId\" integer NOT NULL, \"position\" integer NOT NULL, \"title\" character varying(300) NOT NULL, \"titleEn\" character varying(300), \"kind\" character varying(32) NOT NULL, \"facilitatorOrganisationId\" integer, \"landingProvince\" character varying(50), \"landingCity\" character varying(50), \"landingDistrict\" character varying(50), \"amountWan\" double precision, \"minutes\" integer, \"status\" character varying(16) NOT NULL DEFAULT 'planned', \"confirmedAt\" TIMESTAMP, \"signedAt\" TIMESTAMP, \"withdrawnAt\" TIMESTAMP, \"signedByUserId\" integer, \"achievementId\" integer, \"demandId\" integer, \"meetingId\" integer, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"updatedAt\" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT \"PK_9a1f20261e799de719bc16c7ef0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_1793d117dfcb69c27d117c2869\" ON \"signing_agreements\"  (\"eventId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_96ec27b84db0e0e96a0e3d9d00\" ON \"signing_agreements\"  (\"ceremonyId\", \"position\") ");
    await queryRunner.query("CREATE TABLE \"signing_agreement_parties\" (\"id\" SERIAL NOT NULL, \"agreementId\" integer NOT NULL, \"organisationId\" integer NOT NULL, \"signatoryPersonId\" integer, \"signatoryTitle\" character varying(100), \"side\" character varying(8) NOT NULL, \"position\" integer NOT NULL, CONSTRAINT \"PK_d6b53fc28e3707ed7e19f5f84cd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7d4370dca4e34a3fee12050a45\" ON \"signing_agreement_parties\"  (\"agreementId\", \"organisationId\") ");
    await queryRunner.query("CREATE TABLE \"signing_agreement_witnesses\" (\"id\" SERIAL NOT NULL, \"agreementId\" integer NOT NULL, \"personId\" integer NOT NULL, \"title\" character varying(100), \"position\" integer NOT NULL, CONSTRAINT \"PK_f0818b55da74c86da2c42dff603\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_2be29878efd2fd75a02e506c98\" ON \"signing_agreement_witnesses\"  (\"agreementId\", \"personId\") ");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" ADD CONSTRAINT \"FK_a3f4793ace5e3546d385585272e\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" ADD CONSTRAINT \"FK_3438e43af8e4268c4705ac74ce5\" FOREIGN KEY (\"agendaSessionId\") REFERENCES \"agenda_sessions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" ADD CONSTRAINT \"FK_cedd48edd47f94c3cad55289190\" FOREIGN KEY (\"hostOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_ac6644ee4858e68be7e77d77f51\" FOREIGN KEY (\"ceremonyId\") REFERENCES \"signing_ceremonies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_c3268cbabcc514a16cc13c38162\" FOREIGN KEY (\"eventId\") REFERENCES \"events\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_d07c1571916964337a256b2b375\" FOREIGN KEY (\"facilitatorOrganisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_36ad6ceb3283b236b431a0aabea\" FOREIGN KEY (\"achievementId\") REFERENCES \"achievements\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_c047e75d119f9ad47cfca85831a\" FOREIGN KEY (\"demandId\") REFERENCES \"demands\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" ADD CONSTRAINT \"FK_d14765c9f40b0b4cc6efaac7da4\" FOREIGN KEY (\"meetingId\") REFERENCES \"meetings\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" ADD CONSTRAINT \"FK_6a27b99e948e4488ee1cc8f0aa8\" FOREIGN KEY (\"agreementId\") REFERENCES \"signing_agreements\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" ADD CONSTRAINT \"FK_c83058cff75821a22305dbdf469\" FOREIGN KEY (\"organisationId\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" ADD CONSTRAINT \"FK_ebe5daffb91a38d7bdd6ad8b473\" FOREIGN KEY (\"signatoryPersonId\") REFERENCES \"people\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreement_witnesses\" ADD CONSTRAINT \"FK_6978a72b0972b9eea203f8c6801\" FOREIGN KEY (\"agreementId\") REFERENCES \"signing_agreements\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"signing_agreement_witnesses\" ADD CONSTRAINT \"FK_a787c6a210ee9cccd8acd64b69e\" FOREIGN KEY (\"personId\") REFERENCES \"people\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"signing_agreement_witnesses\" DROP CONSTRAINT \"FK_a787c6a210ee9cccd8acd64b69e\"");
    await queryRunner.query("ALTER TABLE \"signing_agreement_witnesses\" DROP CONSTRAINT \"FK_6978a72b0972b9eea203f8c6801\"");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" DROP CONSTRAINT \"FK_ebe5daffb91a38d7bdd6ad8b473\"");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" DROP CONSTRAINT \"FK_c83058cff75821a22305dbdf469\"");
    await queryRunner.query("ALTER TABLE \"signing_agreement_parties\" DROP CONSTRAINT \"FK_6a27b99e948e4488ee1cc8f0aa8\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_d14765c9f40b0b4cc6efaac7da4\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_c047e75d119f9ad47cfca85831a\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_36ad6ceb3283b236b431a0aabea\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_d07c1571916964337a256b2b375\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_c3268cbabcc514a16cc13c38162\"");
    await queryRunner.query("ALTER TABLE \"signing_agreements\" DROP CONSTRAINT \"FK_ac6644ee4858e68be7e77d77f51\"");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" DROP CONSTRAINT \"FK_cedd48edd47f94c3cad55289190\"");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" DROP CONSTRAINT \"FK_3438e43af8e4268c4705ac74ce5\"");
    await queryRunner.query("ALTER TABLE \"signing_ceremonies\" DROP CONSTRAINT \"FK_a3f4793ace5e3546d385585272e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2be29878efd2fd75a02e506c98\"");
    await queryRunner.query("DROP TABLE \"signing_agreement_witnesses\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7d4370dca4e34a3fee12050a45\"");
    await queryRunner.query("DROP TABLE \"signing_agreement_parties\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_96ec27b84db0e0e96a0e3d9d00\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_1793d117dfcb69c27d117c2869\"");
    await queryRunner.query("DROP TABLE \"signing_agreements\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3438e43af8e4268c4705ac74ce\"");
    await queryRunner.query("DROP TABLE \"signing_ceremonies\"");
  }
}
