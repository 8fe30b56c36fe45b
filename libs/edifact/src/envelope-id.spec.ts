import { edifactEnvelopeId } from './envelope-id';

describe('edifactEnvelopeId', () => {
  const id = edifactEnvelopeId({ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTI000451', '1');

  it('is a version 5 UUID, the same for the same interchange and message', () => {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(edifactEnvelopeId({ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTI000451', '1')).toBe(id);
  });

  it.each([
    [{ id: 'GE-PORT-BATUMI', qualifier: 'ZZZ' }, 'PTI000451', '1'],
    [{ id: 'GE-PORT-POTI' }, 'PTI000451', '1'],
    [{ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTI000452', '1'],
    [{ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTI000451', '2'],
    [{ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTI00045', '11'],
  ])('differs for another sender, interchange or message (%j %s %s)', (sender, interchange, message) => {
    expect(edifactEnvelopeId(sender, interchange, message)).not.toBe(id);
  });
});
