import { randomUUID } from 'node:crypto';
import type { Participant } from '@cx/contracts';
import { topicNames } from '../../libs/config/src/kafka-names';
import { loadCorpus, loadParticipants } from '../fixtures/corpus';
import { Exchange } from './exchange';
import { waitFor } from './wait';

export type Envelope = Record<string, unknown> & {
  id: string;
  sender: string;
  consignmentRef: string;
  type: string;
};

/** A valid message of the corpus by file name (`<type>/<name>`), optionally with a fresh id. */
export function corpusMessage(file: string, fresh = false): Envelope {
  const found = loadCorpus().find((c) => c.file === file);
  if (!found) throw new Error(`no corpus case ${file}`);
  const message = structuredClone(found.message) as Envelope;
  return fresh ? { ...message, id: randomUUID() } : message;
}

export interface ApiResponse {
  status: number;
  contentType: string | null;
  /** Retry-After, when the answer has one (429, 503). */
  retryAfter: string | null;
  body: Record<string, unknown>;
}

/** Calls the gateway as a participant (its API key) or as the admin (the admin token). */
export async function call(
  x: Exchange,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(`${x.gatewayUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    body: parsed,
  };
}

/** Registers the corridor's participants (test/fixtures/participants.json) and returns each one's API key. */
export async function registerCorridor(x: Exchange): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const p of loadParticipants()) keys[p.id] = await registerParticipant(x, p);
  return keys;
}

export async function registerParticipant(x: Exchange, p: Participant): Promise<string> {
  const { id, name, role, country, locations } = p;
  const created = await call(x, 'POST', '/v1/admin/participants', x.adminToken, {
    id,
    name,
    role,
    country,
    locations,
  });
  if (created.status !== 201)
    throw new Error(`creating ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  if (!p.active) {
    const patched = await call(x, 'PATCH', `/v1/admin/participants/${id}`, x.adminToken, { active: false });
    if (patched.status !== 200) throw new Error(`deactivating ${id}: ${patched.status}`);
  }
  return created.body.apiKey as string;
}

export const deliverTopic = (x: Exchange, participantId: string) =>
  topicNames(x.topicPrefix).deliver(participantId);

/**
 * Waits until the router routes to every participant of the fixtures. Routing by role and place (not by name) reads
 * the router's participant directory, which reloads every two seconds, so a participant registered a moment ago may
 * not be routed to yet. A probe status at Kars (for TR-CUSTOMS, the last active participant registered; the directory
 * loads all at once) shows when it has caught up. Probes have their own consignment refs.
 */
export async function waitUntilRoutable(x: Exchange, keys: Record<string, string>): Promise<void> {
  const sender = 'TR-RAIL-TCDD';
  await waitFor(
    async () => {
      const probe = {
        ...corpusMessage('transport.status/valid-gate-out-kars-road', true),
        consignmentRef: `PROBE-${randomUUID().slice(0, 8)}`,
      };
      const sent = await call(x, 'POST', '/v1/messages', keys[sender], probe);
      if (sent.status !== 202) throw new Error(`probe: ${sent.status} ${JSON.stringify(sent.body)}`);
      let view: ApiResponse | undefined;
      await waitFor(
        async () =>
          (view = await call(x, 'GET', `/v1/messages/${probe.id}`, keys[sender])).body.status === 'routed',
        { what: `the probe ${probe.id} to be routed` },
      );
      return ((view!.body.recipients as string[] | undefined) ?? []).includes('TR-CUSTOMS');
    },
    { what: 'the router to know every participant', intervalMs: 500 },
  );
}
