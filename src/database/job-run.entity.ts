import { hostname } from 'node:os';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this process writes as `ranBy`: its host and process id. */
export const RAN_BY = `${hostname()}:${process.pid}`.slice(0, 200);

/**
 * A job that has run, by its key (`RunOnce`): the row is written in the same transaction as the job's work, so a key
 * is taken exactly when its work commits, however many instances try it at once.
 */
@Entity('job_runs')
export class JobRun {
  /** What ran and for what: `demo-data`, `library-staged-sweep@2027-03-05T02:00:00.000Z`, `reminder:intent:42:due`… */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** A random value of the claim, to tell one's own claim from another instance's. */
  @Column({ type: 'varchar', length: 36 })
  claim: string;

  /** Host and process that ran it (for the logs of an operator wondering where a job went). */
  @Column({ type: 'varchar', length: 200 })
  ranBy: string;

  @Column({ type: Date })
  ranAt: Date;
}
