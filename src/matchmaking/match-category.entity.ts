import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A domain category of the libraries (电子信息, 先进材料, …): six built in, more defined by organisers. */
@Entity('match_categories')
export class MatchCategory {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable code used in imports and the API, e.g. `electronics`. */
  @Column({ type: 'varchar', length: 40, unique: true })
  code: string;

  /** The Chinese name the press uses in its counts (电子信息). */
  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'boolean', default: false })
  builtIn: boolean;
}
