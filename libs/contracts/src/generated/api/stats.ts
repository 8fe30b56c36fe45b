/* Generated from schemas/api/stats.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { ParticipantRole } from './new-participant';

export type { ParticipantRole };

export type Lag =
  | {
      status: 'consumed';
      lag: number;
      /**
       * @maxItems 100
       */
      consumers: {
        groupId: string;
        lag: number;
      }[];
    }
  | {
      status: 'no consumer' | 'no topic' | 'unavailable';
      lag: null;
      /**
       * @maxItems 0
       */
      consumers: unknown[];
    };

export type Health =
  | {
      status: 'up';
      latencyMs: number;
      [k: string]: unknown;
    }
  | {
      status: 'down';
      message: string;
    };

/**
 * `GET /v1/admin/stats`: traffic of the recent window, participants' activity and delivery lag, and health.
 */
export interface Stats {
  generatedAt: string;
  windowMinutes: number;
  totals: {
    /**
     * @maxItems 100
     */
    byType: {
      type: string;
      accepted: number;
      routed: number;
      rejected: number;
      total: number;
    }[];
    acks: number;
    deadLetters: number;
  };
  perMinute: {
    /**
     * @maxItems 1440
     */
    minutes: string[];
    /**
     * @maxItems 1000
     */
    series: {
      type: string;
      outcome: string;
      /**
       * @maxItems 1440
       */
      counts: number[];
    }[];
  };
  /**
   * @maxItems 10000
   */
  failuresByRule: {
    rule: string;
    count: number;
  }[];
  latency: {
    count: number;
    p50Ms: number | null;
    p99Ms: number | null;
  };
  /**
   * @maxItems 100000
   */
  participants: ParticipantStats[];
  deliveryLag?:
    | {
        status: 'ok';
        groupsScanned: number;
        groupsTruncated: boolean;
      }
    | {
        status: 'unavailable';
        message: string;
      };
  health: {
    database: Health;
    kafka: Health;
  };
}

export interface ParticipantStats {
  /**
   * Id of a participant of the exchange: country code, then hyphen-separated parts of capital letters and digits.
   */
  id: string;
  name: string;
  role: ParticipantRole;
  country: string;
  active: boolean;
  lastSentAt: string | null;
  lastDeliveredAt: string | null;
  lastActivityAt: string | null;
  deliveryLag: Lag;
}
