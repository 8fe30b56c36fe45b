import { randomUUID } from 'node:crypto';
import type { Participant } from '@cx/contracts';
import { loadCorpus, loadParticipants } from '../fixtures/corpus';
import { Exchange } from './exchange';

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
  return { status: res.status, contentType: res.headers.get('content-type'), body: parsed };
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
  `${x.topicPrefix}.deliver.${participantId}`;
