import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANISATION_KINDS = [
  'enterprise',
  'research_institute',
  'university',
  'government',
  'investor',
  'service_agency',
  'media',
  /** Not known yet: an organisation named in passing (a speaker's employer); an organiser may say more later. */
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An organisation, shared by events (hosts), registrations, speakers, signatories and intents. */
@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Normalised name (NFKC, folded spaces, lower case): organisations are deduplicated on it. */
  @Column({ type: 'varchar', length: 200, unique: true })
  nameKey: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shortName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shortNameEn: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** Province and city, e.g. 江苏·苏州. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  regionEn: string | null;

  /** A short profile: what the organisation is and does (facts an organiser wants at hand). */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  descriptionEn: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

export function organisationNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
