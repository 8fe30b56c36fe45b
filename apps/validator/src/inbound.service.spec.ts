import { ackIdFor, contentHash, fallbackAckIdFor } from '@cx/contracts';
import { loadSettings, topicsOf } from '@cx/config';
import { type ConsumedRecord, type KafkaAdmin, positionOf, TopicCache } from '@cx/kafka';
import { corpusMessage } from '../../../test/fixtures/corpus';
import {
  InMemoryDatabase,
  participantDirectory,
  statefulValidation,
} from '../../../test/support/in-memory-stores';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { readPublicJwk, signDetached } from '@cx/evidence';
import type { ExchangeSecretStore } from '@cx/persistence';
import { InboundService } from './inbound.service';

const NOTE = 'consignment.note/valid-altynkol-aktau-alat-tbilisi-poti';
const settings = loadSettings({});
const topics = topicsOf(settings);
const RECEIVED = Date.parse('2026-11-24T11:00:00Z');
let offset = 0;

/** A record an operator produced to cx.inbound (or to a participant's inbound topic). */
const inbound = (value: object | string, topic = topics.inbound): ConsumedRecord => ({
  topic,
  partition: 0,
  offset: String(offset++),
  key: 'operator-key',
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: String(RECEIVED),
});
const json = (value: string | Buffer) => JSON.parse(value.toString()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function setUp(signatureRequired: ReadonlySet<string> = new Set()) {
  const db = new InMemoryDatabase();
  const directory = await participantDirectory();
  const kafka = new TopicCache({ ensure: async () => [] } as unknown as KafkaAdmin);
  const service = new InboundService(
    settings,
    statefulValidation(directory, db, signatureRequired),
    directory,
    db.pipelineStore,
    db.messageStore,
    kafka,
    { secret: async () => Buffer.alloc(32, 1) } as unknown as ExchangeSecretStore,
  );
  return { db, judge: (...records: ConsumedRecord[]) => service.judge(records) };
}

describe('InboundService', () => {
  it('forwards a valid envelope to cx.validated as it came, keyed by its consignment, and records nothing', async () => {
    const { db, judge } = await setUp();
    const note = corpusMessage(NOTE);
    const record = inbound(note);
    const out = await judge(record);
    expect(out).toEqual([
      {
        topic: topics.validated,
        key: note.consignmentRef,
        value: record.value,
        headers: {
          'cx-received-at': new Date(RECEIVED).toISOString(),
          'cx-content-hash': contentHash(record.value!),
          'cx-origin': 'kafka',
        },
      },
    ]);
    expect(db.messages.size).toBe(0);
  });

  it('answers an invalid envelope with a rejected ack, and records it and its ack from the inbound record', async () => {
    const { db, judge } = await setUp();
    const note = corpusMessage(NOTE);
    delete note.payload.documentNumber;
    const record = inbound(note);
    const out = await judge(record);
    expect(out.map((r) => r.topic)).toEqual([topics.deliver(note.sender)]);
    expect(json(out[0].value)).toMatchObject({
      id: ackIdFor(note.id),
      correlationId: note.id,
      payload: {
        outcome: 'rejected',
        errors: [{ path: '/payload/documentNumber', rule: 'schema.required' }],
      },
    });
    expect(db.messages.get(note.id)).toMatchObject({
      status: 'rejected',
      receivedAt: new Date(RECEIVED).toISOString(),
      errors: [{ rule: 'schema.required' }],
      routedFrom: positionOf(record),
      routedAt: null,
    });
    expect(db.messages.get(ackIdFor(note.id))).toMatchObject({ type: 'ack', routedFrom: positionOf(record) });
    expect(db.deliveries).toEqual([
      expect.objectContaining({ participantId: note.sender, messageId: ackIdFor(note.id) }),
    ]);
  });

  it('does not overwrite a message stored under the id of an invalid one: its ack names id.unique', async () => {
    const { db, judge } = await setUp();
    const note = corpusMessage(NOTE);
    await judge(inbound({ ...note, payload: {} }));
    const stored = db.messages.get(note.id);
    const other = inbound({ ...note, payload: { documentNumber: 'x' } });
    const [ack] = await judge(other);
    expect(json(ack.value)).toMatchObject({ id: fallbackAckIdFor(note.id, positionOf(other)) });
    expect(json(ack.value).payload.errors).toContainEqual(expect.objectContaining({ rule: 'id.unique' }));
    expect(db.messages.get(note.id)).toBe(stored);
  });

  it('dead-letters what is not an envelope, with the reason, and keeps judging the batch', async () => {
    const { db, judge } = await setUp();
    const garbage = inbound('{"not json');
    const note = corpusMessage(NOTE);
    const out = await judge(garbage, inbound(note));
    expect(out.map((r) => r.topic)).toEqual([topics.dlq, topics.validated]);
    expect(out[0].headers?.['cx-dlq-source']).toBe(positionOf(garbage));
    expect(db.deadLetters.get(positionOf(garbage))).toMatchObject({ recordKey: 'operator-key' });
  });

  it('answers an envelope naming another sender on a participant’s inbound topic to that participant only', async () => {
    const { db, judge } = await setUp();
    const note = corpusMessage(NOTE);
    const producer = 'KZ-RAIL-KTZ';
    const record = inbound(note, topics.inboundOf(producer));
    const out = await judge(record);
    expect(out.map((r) => r.topic)).toEqual([topics.deliver(producer)]);
    expect(json(out[0].value)).toMatchObject({
      id: fallbackAckIdFor(note.id, positionOf(record)),
      recipients: [producer],
      payload: { outcome: 'rejected', errors: [{ rule: 'sender.is-producer' }] },
    });
    expect(db.messages.has(note.id)).toBe(false);
  });

  describe('signatures (record header cx-jws), as over HTTP', () => {
    const DECLARATION = 'customs.declaration/valid-transit-aktau-poti';

    async function signedSetUp() {
      const set = await setUp(new Set(['customs.declaration']));
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const read = await readPublicJwk(publicKey.export({ format: 'jwk' }) as JWK);
      if ('error' in read) throw new Error(read.error);
      const createdAt = '2026-01-01T00:00:00.000Z';
      set.db.signingKeyRows.set(read.kid, {
        ...read,
        participantId: 'KZ-FORWARDER-KTZE',
        createdAt,
        revokedAt: null,
      });
      const sign = (raw: Buffer) => signDetached(raw, privateKey, { alg: 'EdDSA', kid: read.kid });
      return { ...set, sign };
    }

    it('forwards a signed declaration with its JWS to cx.validated', async () => {
      const { judge, sign } = await signedSetUp();
      const record = inbound(corpusMessage(DECLARATION));
      const jws = await sign(record.value!);
      const [out] = await judge({ ...record, headers: { 'cx-jws': jws } });
      expect(out.topic).toBe(topics.validated);
      expect(out.headers!['cx-jws']).toBe(jws);
    });

    it.each([
      ['missing', undefined, 'signature.required'],
      ['over other bytes', Buffer.from('{}'), 'signature.invalid'],
    ])(
      'rejects a declaration whose signature is %s, with an ack naming the rule',
      async (_what, signed, rule) => {
        const { judge, sign } = await signedSetUp();
        const record = inbound(corpusMessage(DECLARATION));
        const headers: Record<string, string> = signed ? { 'cx-jws': await sign(signed) } : {};
        const [ack] = await judge({ ...record, headers });
        expect(json(ack.value).payload).toMatchObject({ outcome: 'rejected', errors: [{ rule }] });
      },
    );
  });
});
