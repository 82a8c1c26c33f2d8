import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Installation-wide values that must persist and be shared by every instance (e.g. the HMAC secret). */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
