/** Shapes of the admin API's answers, as the pages use them. */

export type Lag =
  | { status: 'consumed'; lag: number; consumers: Array<{ groupId: string; lag: number }> }
  | { status: 'no consumer' | 'no topic' | 'unavailable'; lag: null; consumers: [] };

export interface ParticipantStats {
  id: string;
  name: string;
  role: string;
  country: string;
  active: boolean;
  lastSentAt: string | null;
  lastDeliveredAt: string | null;
  lastActivityAt: string | null;
  deliveryLag: Lag;
}

export type Health =
  { status: 'up'; latencyMs: number; [k: string]: unknown } | { status: 'down'; message: string };

export interface Stats {
  generatedAt: string;
  windowMinutes: number;
  totals: {
    byType: Array<{ type: string; accepted: number; routed: number; rejected: number; total: number }>;
    acks: number;
    deadLetters: number;
  };
  perMinute: { minutes: string[]; series: Array<{ type: string; outcome: string; counts: number[] }> };
  failuresByRule: Array<{ rule: string; count: number }>;
  latency: { count: number; p50Ms: number | null; p99Ms: number | null };
  participants: ParticipantStats[];
  health: { database: Health; kafka: Health };
}

export interface Participant {
  id: string;
  name: string;
  role: string;
  country: string;
  locations: string[];
  active: boolean;
}

export interface MessageRow {
  id: string;
  type: string;
  version: string;
  sender: string;
  consignmentRef: string;
  status: string;
  receivedAt: string;
  routedAt: string | null;
  recipients: string[];
  errors: Array<{ path: string; message: string; rule: string }>;
  correlationId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface MessageDetail {
  message: MessageRow & { routedFrom: string | null };
  envelope: unknown;
  deliveries: Array<{ participantId: string; seq: number; deliveredAt: string }>;
  acks: Array<{ id: string; outcome: string | null; sentAt: string }>;
}

export interface DeadLetter {
  id: string;
  reason: string;
  recordKey: string | null;
  receivedAt: string;
  replayedAt: string | null;
  replayCount: number;
  replayOf: string | null;
  size: number;
  preview: string;
  value?: string;
}

export interface Consignment {
  consignmentRef: string;
  parties: string[];
  lastEvent: Record<string, unknown> | null;
  timeline: Array<{ id: string; type: string; sender: string; time: string }>;
}

export const MESSAGE_TYPES = [
  'consignment.note',
  'transport.status',
  'cargo.manifest',
  'customs.declaration',
  'customs.decision',
  'ack',
];
export const ROLES = ['port', 'rail', 'carrier', 'customs', 'forwarder'];
