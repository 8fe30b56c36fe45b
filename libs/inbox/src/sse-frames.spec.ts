import { sseComment, sseEvent, sseRetry, sseSignatures } from './sse-frames';

describe('SSE frames', () => {
  it('writes id, event and data, ended by a blank line', () => {
    expect(sseEvent('MQ', 'message', '{"a":1}')).toBe('id: MQ\nevent: message\ndata: {"a":1}\n\n');
  });

  it('splits multi-line data into data lines', () => {
    expect(sseEvent('Mg', 'message', '{\r\n "a": 1\n}')).toBe(
      'id: Mg\nevent: message\ndata: {\ndata:  "a": 1\ndata: }\n\n',
    );
  });

  it('keeps comments on one line', () => {
    expect(sseComment('heart\nbeat')).toBe(': heart beat\n\n');
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
  });

  it('sends a message’s signatures as an event without an id, so a resume repeats them with the message', () => {
    expect(sseSignatures({ messageId: 'm1', jws: null, receipt: 'r.r.r' })).toBe(
      'event: signatures\ndata: {"messageId":"m1","jws":null,"receipt":"r.r.r"}\n\n',
    );
    expect(sseSignatures({ messageId: 'm1', jws: null, receipt: null })).toBe('');
  });
});
