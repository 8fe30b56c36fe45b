import { DataSource } from 'typeorm';

/**
 * Years of generated history, written by the database itself (generate_series on PostgreSQL, a recursive CTE on
 * SQLite), never row by row from here. Its shape follows the corridor at scale: each message has an ack, five
 * deliveries per message, 40 messages a consignment, interleaved as real consignments are (one consignment's messages
 * are spread over the whole table). Message `i` and delivery `j` are pure functions of their number, so history can be
 * appended in slices: `fill(ds, shape, 0, n)` then `fill(ds, shape, n, 10 * n)`.
 */
export interface HistoryShape {
  participants: number;
  /** Bytes of envelope per message (about), for a table as large as a real one. */
  envelopeBytes: number;
}

export const DELIVERIES_PER_MESSAGE = 5;
/** Business messages a consignment (each with its ack: 40 messages). */
const BUSINESS_PER_CONSIGNMENT = 20;
/** Consignments in progress at once: one consignment's messages are spread over 20,000 others. */
const INTERLEAVE = 1000;
/** The sender of every ack (libs/contracts EXCHANGE_ID). */
const EXCHANGE = 'CX';
const TYPES = [
  'consignment.note',
  'transport.status',
  'cargo.manifest',
  'customs.declaration',
  'transport.status',
];
/** History starts here, one message a second. */
const EPOCH_SECONDS = 1_577_836_800;

export const participantId = (k: number): string => `P${String(k).padStart(4, '0')}`;
/** The consignment of message number `i` (1-based), as fill wrote it. */
export function consignmentOf(i: number): string {
  const business = Math.floor((i + 1) / 2);
  return `REF-${Math.floor(business / (INTERLEAVE * BUSINESS_PER_CONSIGNMENT)) * INTERLEAVE + (business % INTERLEAVE)}`;
}

/** The participants (and their consignments' table rows are added by fill). */
export async function seedParticipants(ds: DataSource, shape: HistoryShape): Promise<void> {
  const pg = ds.options.type === 'postgres';
  await ds.query(
    `INSERT INTO participants (id, name, role, country, locations, active, created_at, updated_at)
     SELECT ${pg ? "'P' || lpad(k::text, 4, '0')" : "'P' || printf('%04d', k)"}, 'Participant ' || k,
       CASE WHEN k % 10 = 0 THEN 'customs' ELSE 'carrier' END, 'KZ', '[]', ${pg ? 'true' : '1'},
       '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'
     FROM ${series(pg, 0, shape.participants - 1, 'k')}`,
  );
}

/** Messages number `from + 1` to `to` (half of them acks), with their deliveries and consignments. */
export async function fill(ds: DataSource, shape: HistoryShape, from: number, to: number): Promise<void> {
  const pg = ds.options.type === 'postgres';
  const m = messageColumns(pg, shape, 'i');
  await ds.query(
    `INSERT INTO messages (id, type, version, sender, consignment_ref, status, received_at, content_hash, envelope,
       errors, recipients, correlation_id, routed_from, routed_at, supersedes, jws, receipt)
     SELECT ${m.id}, ${m.type}, '1.1', ${m.sender}, ${m.ref}, ${m.status}, ${m.time}, 'h', ${m.envelope},
       NULL, NULL, CASE WHEN i % 2 = 0 THEN ${messageColumns(pg, shape, '(i - 1)').id} END, 'r', ${m.time},
       NULL, NULL, NULL
     FROM ${series(pg, from + 1, to, 'i')}`,
  );
  // The evidence chain: an entry per message, and a signed head every 10 entries.
  await ds.query(
    `INSERT INTO chain_entries (seq, message_id, consignment_ref, prev_hash, body_hash, hash, body)
     SELECT i, ${m.id}, ${m.ref}, 'p', 'b', 'h', '{}' FROM ${series(pg, from + 1, to, 'i')}`,
  );
  await ds.query(
    `INSERT INTO chain_heads (seq, jws) SELECT i * 10, 'jws'
     FROM ${series(pg, Math.floor(from / 10) + 1, Math.floor(to / 10), 'i')} WHERE i * 10 > ${from}`,
  );
  // Delivery j belongs to message (j - 1) / 5 + 1; its five recipients are spread evenly over the participants.
  const first = from * DELIVERIES_PER_MESSAGE + 1;
  const last = to * DELIVERIES_PER_MESSAGE;
  const mi = `((j - 1) / ${DELIVERIES_PER_MESSAGE} + 1)`;
  const d = messageColumns(pg, shape, mi);
  const step = Math.max(1, Math.floor(shape.participants / DELIVERIES_PER_MESSAGE));
  const recipient = `(${mi} + ((j - 1) % ${DELIVERIES_PER_MESSAGE}) * ${step}) % ${shape.participants}`;
  await ds.query(
    `INSERT INTO deliveries (seq, participant_id, message_id, type, consignment_ref, created_at)
     SELECT j, ${pg ? `'P' || lpad((${recipient})::text, 4, '0')` : `'P' || printf('%04d', ${recipient})`},
       ${d.id}, ${d.type}, ${d.ref}, ${d.time}
     FROM ${series(pg, first, last, 'j')}`,
  );
  if (pg) await ds.query(`SELECT setval(pg_get_serial_sequence('deliveries', 'seq'), $1)`, [last]);
  await ds.query(
    `INSERT INTO consignments (ref, parties, last_event, updated_at, owner)
     SELECT DISTINCT ${m.ref}, '[]', NULL, '2020-01-01T00:00:00.000Z', NULL
     FROM ${series(pg, from + 1, to, 'i')} WHERE true ON CONFLICT DO NOTHING`,
  );
}

/** The id of message number `i` (1-based), as fill wrote it. */
export async function messageId(ds: DataSource, i: number): Promise<string> {
  const pg = ds.options.type === 'postgres';
  const [row] = (await ds.query(
    `SELECT ${messageColumns(pg, { participants: 1, envelopeBytes: 0 }, String(i)).id} AS id`,
  )) as Array<{ id: string }>;
  return row.id;
}

/** The ISO time of message number `i`. */
export const messageTime = (i: number): string => new Date((EPOCH_SECONDS + i) * 1000).toISOString();

function series(pg: boolean, first: number, last: number, name: string): string {
  return pg
    ? `generate_series(${first}::bigint, ${last}::bigint) AS g(${name})`
    : `(WITH RECURSIVE s(${name}) AS (SELECT ${first} UNION ALL SELECT ${name} + 1 FROM s WHERE ${name} < ${last})
        SELECT ${name} FROM s)`;
}

/** Message `i`'s columns as SQL expressions of `i`: odd numbers are messages, even ones the ack of the one before. */
function messageColumns(pg: boolean, shape: HistoryShape, i: string) {
  const business = `(((${i}) + 1) / 2)`;
  const id = pg ? `(md5((${i})::text)::uuid)::text` : `printf('%08x-0000-4000-8000-%012x', ${i}, ${i})`;
  const typeOf = TYPES.map((t, k) => `WHEN ${k} THEN '${t}'`).join(' ');
  const padded = `${pg ? `repeat(md5((${i})::text), ${Math.ceil(shape.envelopeBytes / 32)})` : `hex(randomblob(${Math.ceil(shape.envelopeBytes / 2)}))`}`;
  return {
    id,
    type: `CASE WHEN (${i}) % 2 = 0 THEN 'ack' ELSE CASE ${business} % ${TYPES.length} ${typeOf} END END`,
    sender: `CASE WHEN (${i}) % 2 = 0 THEN '${EXCHANGE}' ELSE ${
      pg
        ? `'P' || lpad((${business} % ${shape.participants})::text, 4, '0')`
        : `'P' || printf('%04d', ${business} % ${shape.participants})`
    } END`,
    ref: `'REF-' || (${business} / ${INTERLEAVE * BUSINESS_PER_CONSIGNMENT} * ${INTERLEAVE} + ${business} % ${INTERLEAVE})`,
    status: `CASE WHEN ${business} % 50 = 0 THEN 'rejected' ELSE 'routed' END`,
    time: pg
      ? `to_char(to_timestamp(${EPOCH_SECONDS} + (${i})) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${EPOCH_SECONDS} + (${i}), 'unixepoch')`,
    envelope: `'{"payload":"' || ${padded} || '"}'`,
  };
}
