import { DataSource } from 'typeorm';
import { MessageEntity } from './entities/message.entity';

/** Rows of the recent window read at most: keeps a stats call bounded however busy the corridor is. */
export const WINDOW_ROW_LIMIT = 50_000;

export interface WindowRow {
  type: string;
  status: string;
  receivedAt: string;
  routedAt: string | null;
  errors: Array<{ rule: string }> | null;
}

/** Last time a participant sent a message, and last time one was delivered to it. */
export interface Activity {
  lastSentAt: Map<string, string>;
  lastDeliveredAt: Map<string, string>;
}

/** The reads behind `GET /v1/admin/stats`: grouped counts in SQL, the recent window as rows (aggregated in libs/traffic). */
export class TrafficStore {
  constructor(private readonly ds: DataSource) {}

  /** Messages (acks left out) by type and outcome, over all time: from the counts triggers keep (tally-triggers.ts). */
  outcomeCounts(): Promise<Array<{ type: string; outcome: string; count: string | number }>> {
    return this.ds.query(`SELECT type, status AS outcome, SUM(change * n) AS count FROM tallies
      WHERE subject = 'messages' AND type <> 'ack' GROUP BY type, status HAVING SUM(change * n) <> 0`);
  }

  async count(table: 'acks' | 'deadLetters'): Promise<number> {
    const where = table === 'acks' ? "subject = 'messages' AND type = 'ack'" : "subject = 'dead_letters'";
    const [row] = (await this.ds.query(`SELECT SUM(change * n) AS n FROM tallies WHERE ${where}`)) as Array<{
      n: string | number | null;
    }>;
    return Number(row?.n ?? 0);
  }

  /** Messages received since `since` (acks left out), newest first, at most WINDOW_ROW_LIMIT. */
  async window(since: Date): Promise<WindowRow[]> {
    const rows = await this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .select(['m.type', 'm.status', 'm.receivedAt', 'm.routedAt', 'm.errors'])
      .where('m.received_at >= :since AND m.type <> :ack', { since: since.toISOString(), ack: 'ack' })
      .orderBy('m.received_at', 'DESC')
      .limit(WINDOW_ROW_LIMIT)
      .getMany();
    return rows.map(({ type, status, receivedAt, routedAt, errors }) => ({
      type,
      status,
      receivedAt,
      routedAt,
      errors,
    }));
  }

  /**
   * Per participant: one probe of the (sender, received_at) index and one of the (participant_id, seq) index, however
   * long the history. The last delivery is the one with the highest seq (the latest committed), and its time is when
   * the router wrote it.
   */
  async activity(): Promise<Activity> {
    const rows: Array<{ id: string; sentAt: string | null; deliveredAt: string | null }> =
      await this.ds.query(
        `SELECT p.id AS id,
        (SELECT m.received_at FROM messages m WHERE m.sender = p.id ORDER BY m.received_at DESC LIMIT 1) AS "sentAt",
        (SELECT d.created_at FROM deliveries d WHERE d.participant_id = p.id ORDER BY d.seq DESC LIMIT 1) AS "deliveredAt"
      FROM participants p`,
      );
    const known = <K extends 'sentAt' | 'deliveredAt'>(key: K) =>
      new Map(rows.flatMap((r) => (r[key] === null ? [] : [[r.id, r[key]!] as const])));
    return { lastSentAt: known('sentAt'), lastDeliveredAt: known('deliveredAt') };
  }

  /** Round trip of a trivial query, in milliseconds. */
  async ping(): Promise<number> {
    const started = Date.now();
    await this.ds.query('SELECT 1');
    return Date.now() - started;
  }
}
