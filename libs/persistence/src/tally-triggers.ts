import { QueryRunner } from 'typeorm';

/**
 * Counts kept by the database itself in `tallies`, so that `GET /v1/admin/stats` reads a few rows instead of counting
 * every message ever received. A key's count is SUM(change * n): rows with change +1 count what entered the key,
 * rows with change -1 what left it (a message accepted, then routed, leaves (type, accepted) and enters (type,
 * routed)). Entering and leaving are separate rows so that the gateway, which only ever enters (type, accepted),
 * never waits on a row the router holds: the router's transactions take turns on their own lock, the gateway's
 * single statements lock their rows in key order, and neither can deadlock the other. A replay that writes a message
 * again unchanged, or an insert skipped by ON CONFLICT, changes no count.
 *
 * PostgreSQL counts once per statement (transition tables), SQLite once per row. On SQLite, TypeORM recreates a table
 * to add or alter a column and its triggers go with it: a migration that does that to `messages` or `dead_letters`
 * must call createTallyTriggers again (test/query-plans.e2e-spec.ts compares the tallies with a full count).
 */
export async function createTallyTriggers(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    for (const sql of POSTGRES) await q.query(sql);
  } else {
    for (const sql of SQLITE) await q.query(sql);
  }
}

export async function dropTallyTriggers(q: QueryRunner): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  for (const [name, table] of TRIGGERS) {
    await q.query(postgres ? `DROP TRIGGER IF EXISTS ${name} ON ${table}` : `DROP TRIGGER IF EXISTS ${name}`);
  }
  if (postgres) {
    await q.query('DROP FUNCTION IF EXISTS cx_tally_messages()');
    await q.query('DROP FUNCTION IF EXISTS cx_tally_dead_letters()');
  }
}

/** Counts what the tables hold now: a migration calls it once, before the triggers take over. */
export async function fillTallies(q: QueryRunner): Promise<void> {
  await q.query('DELETE FROM tallies');
  await q.query(`INSERT INTO tallies (subject, type, status, change, n)
    SELECT 'messages', type, status, 1, COUNT(*) FROM messages GROUP BY type, status`);
  await q.query(`INSERT INTO tallies (subject, type, status, change, n)
    SELECT 'dead_letters', '', '', 1, COUNT(*) FROM dead_letters HAVING COUNT(*) > 0`);
}

const TRIGGERS = [
  ['tally_messages_insert', 'messages'],
  ['tally_messages_update', 'messages'],
  ['tally_dead_letters_insert', 'dead_letters'],
] as const;

const ADD = 'ON CONFLICT (subject, type, status, change) DO UPDATE SET n = tallies.n + excluded.n';

const POSTGRES = [
  `CREATE FUNCTION cx_tally_messages() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO tallies (subject, type, status, change, n)
        SELECT 'messages', type, status, 1, COUNT(*) FROM new_rows GROUP BY type, status ORDER BY type, status
        ${ADD};
    ELSE
      INSERT INTO tallies (subject, type, status, change, n)
        SELECT 'messages', o.type, o.status, -1, COUNT(*) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.type, o.status) IS DISTINCT FROM (n.type, n.status)
        GROUP BY o.type, o.status ORDER BY o.type, o.status
        ${ADD};
      INSERT INTO tallies (subject, type, status, change, n)
        SELECT 'messages', n.type, n.status, 1, COUNT(*) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.type, o.status) IS DISTINCT FROM (n.type, n.status)
        GROUP BY n.type, n.status ORDER BY n.type, n.status
        ${ADD};
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER tally_messages_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cx_tally_messages()`,
  `CREATE TRIGGER tally_messages_update AFTER UPDATE ON messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cx_tally_messages()`,
  `CREATE FUNCTION cx_tally_dead_letters() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO tallies (subject, type, status, change, n)
      SELECT 'dead_letters', '', '', 1, COUNT(*) FROM new_rows HAVING COUNT(*) > 0
      ${ADD};
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER tally_dead_letters_insert AFTER INSERT ON dead_letters REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cx_tally_dead_letters()`,
];

const SQLITE = [
  `CREATE TRIGGER tally_messages_insert AFTER INSERT ON messages BEGIN
    INSERT INTO tallies (subject, type, status, change, n) VALUES ('messages', NEW.type, NEW.status, 1, 1) ${ADD};
  END`,
  `CREATE TRIGGER tally_messages_update AFTER UPDATE OF type, status ON messages
    WHEN OLD.type IS NOT NEW.type OR OLD.status IS NOT NEW.status BEGIN
    INSERT INTO tallies (subject, type, status, change, n) VALUES ('messages', OLD.type, OLD.status, -1, 1) ${ADD};
    INSERT INTO tallies (subject, type, status, change, n) VALUES ('messages', NEW.type, NEW.status, 1, 1) ${ADD};
  END`,
  `CREATE TRIGGER tally_dead_letters_insert AFTER INSERT ON dead_letters BEGIN
    INSERT INTO tallies (subject, type, status, change, n) VALUES ('dead_letters', '', '', 1, 1) ${ADD};
  END`,
];
