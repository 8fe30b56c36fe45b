import { newParticipantViolations, participantPatchViolations } from './participant-input';

const good = {
  id: 'GE-PORT-POTI',
  name: 'ფოთის საზღვაო ნავსადგური',
  role: 'port',
  country: 'GE',
  locations: ['GEPTI'],
};

describe('participant input', () => {
  it('accepts a complete participant', () => {
    expect(newParticipantViolations(good)).toEqual([]);
  });

  it.each([
    [{ ...good, id: 'ge-port' }, '/id', 'schema.pattern'],
    [{ ...good, id: `GE-${'A'.repeat(62)}` }, '/id', 'schema.pattern'],
    [{ ...good, role: 'ferry' }, '/role', 'schema.enum'],
    [{ ...good, country: 'Georgia' }, '/country', 'schema.pattern'],
    [{ ...good, locations: ['GEPTI', 'poti'] }, '/locations/1', 'schema.pattern'],
    [{ ...good, locations: ['GEPTI', 'GEPTI'] }, '/locations', 'schema.uniqueItems'],
    [{ ...good, name: '' }, '/name', 'schema.maxLength'],
    [{ ...good, extra: 1 }, '/extra', 'schema.additionalProperties'],
  ])('reports %j at %s', (body, path, rule) => {
    expect(newParticipantViolations(body)).toEqual([expect.objectContaining({ path, rule })]);
  });

  it('reports every missing field at once', () => {
    expect(newParticipantViolations({}).map((v) => v.path)).toEqual([
      '/id',
      '/name',
      '/role',
      '/country',
      '/locations',
    ]);
  });

  it('lets a patch change only name, locations and active', () => {
    expect(participantPatchViolations({ active: false, name: 'New name' })).toEqual([]);
    expect(participantPatchViolations({ role: 'rail', active: 'no' }).map((v) => v.path)).toEqual([
      '/role',
      '/active',
    ]);
  });
});
