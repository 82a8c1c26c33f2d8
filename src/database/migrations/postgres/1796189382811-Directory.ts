import type { MigrationInterface, QueryRunner } from 'typeorm';
import { fillPersonKeys } from '../person-keys.js';

export class Directory1796189382811 implements MigrationInterface {
  name = 'Directory1796189382811';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"people\" ADD \"personKey\" character varying(320)");
    await queryRunner.query("ALTER TABLE \"people\" ADD CONSTRAINT \"UQ_bf370c58a1a9cbe5dfa0f603571\" UNIQUE (\"personKey\")");
    await fillPersonKeys(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"people\" DROP CONSTRAINT \"UQ_bf370c58a1a9cbe5dfa0f603571\"");
    await queryRunner.query("ALTER TABLE \"people\" DROP COLUMN \"personKey\"");
  }
}
