import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Participant } from '@cx/contracts';
import type { ConsumedRecord } from '@cx/kafka';
import { readInbound } from './edifact-records';

const sample = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/edifact', name));
const participant = (id: string, edifactId: string | null): Participant => ({
  id,
  name: id,
  role: 'port',
  country: id.slice(0, 2),
  locations: [],
  active: true,
  edifactId,
  edifactQualifier: edifactId ? 'ZZZ' : null,
});
const PARTICIPANTS = [participant('GE-PORT-POTI', 'GE-PORT-POTI'), participant('AZ-PORT-BAKU', 'BAKU')];
const producerOf = (topic: string) => (topic.startsWith('in.') ? topic.slice(3) : undefined);

const record = (topic: string, value: Buffer, headers: Record<string, string>): ConsumedRecord => ({
  topic,
  partition: 0,
  offset: '41',
  key: null,
  value,
  headers,
  timestamp: '0',
});
const EDIFACT = { 'content-type': 'application/EDIFACT' };
const read = (r: ConsumedRecord) => readInbound([r], () => PARTICIPANTS, producerOf, Buffer.alloc(32));

describe('readInbound', () => {
  it('reads a record without the EDIFACT header as JSON, as before', () => {
    const [x] = read(record('in.GE-PORT-POTI', Buffer.from('{"id":"x"}'), {}));
    expect(x).toMatchObject({ envelope: { id: 'x' }, record: { offset: '41' } });
    expect(x.positions).toBeUndefined();
  });

  it("makes each message of a producer's interchange a record of its own, with the positions of its values", () => {
    const [x, ...rest] = read(record('in.GE-PORT-POTI', sample('codeco-d96b-1.0-gate-in-poti.edi'), EDIFACT));
    expect(rest).toEqual([]);
    expect(x.record.offset).toBe('41#PTI000452001');
    expect(x.envelope).toMatchObject({ type: 'transport.status', sender: 'GE-PORT-POTI' });
    expect(JSON.parse(x.record.value!.toString())).toEqual(x.envelope);
    expect(x.positions?.get('/consignmentRef')).toBeDefined();
  });

  it.each([
    ['another participant’s identity', 'in.AZ-PORT-BAKU', 'GE-PORT-POTI'],
    ['an identity nobody holds', 'in.GE-PORT-POTI', 'GE-PORT-POTI:XXX'],
  ])('names the UNB sender as the sender for %s, for sender.is-producer to refuse', (_, topic, sender) => {
    const text = sample('codeco-d96b-1.0-gate-in-poti.edi').toString('latin1');
    const value = Buffer.from(
      sender.endsWith('XXX') ? text.replace('GE-PORT-POTI:ZZZ', 'GE-PORT-POTI:XXX') : text,
    );
    expect(read(record(topic, value, EDIFACT))[0].envelope?.sender).toBe(sender);
  });

  it('makes an interchange with syntax errors a dead letter naming each error and its position', () => {
    const [x] = read(record('in.GE-PORT-POTI', sample('invalid-unt-segment-count.edi'), EDIFACT));
    expect(x.envelope).toBeUndefined();
    expect(x.reason).toContain('edifact.unt-segment-count at UNH 1 / UNT 12 / 0074');
  });

  it('makes an interchange of more messages than a batch holds a dead letter, unread', () => {
    const text = sample('codeco-d96b-1.0-gate-in-poti.edi').toString('latin1');
    const message = text.slice(text.indexOf('UNH'), text.indexOf('UNZ'));
    const big = text.replace(message, message.repeat(501));
    const [x] = read(record('in.GE-PORT-POTI', Buffer.from(big), EDIFACT));
    expect(x.reason).toBe('EDIFACT interchange of 501 messages, over 500');
  });
});
