import { loadCorpus } from '../../../test/fixtures/corpus';
import { MessageValidator } from './message-validator';

/**
 * A minor version accepts every valid message of the versions before it within its major version. Checked for
 * every pair of versions the registry holds, against the corpus's valid messages.
 */
const validator = new MessageValidator();
const registry = validator.registry;

const pairs = registry.types().flatMap((type) => {
  const versions = registry.versions(type);
  return versions.flatMap((older) =>
    versions
      .filter((newer) => major(newer) === major(older) && minor(newer) > minor(older))
      .map((newer) => [type, older, newer] as const),
  );
});

function major(version: string): number {
  return Number(version.split('.')[0]);
}
function minor(version: string): number {
  return Number(version.split('.')[1]);
}

const validMessages = loadCorpus().flatMap((c) =>
  c.expect === 'valid' ? [c.message as { type: string; version: string }] : [],
);

describe('minor versions are backward compatible', () => {
  it('has at least one newer minor version to check', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  it.each(pairs)('%s %s messages are valid %s messages', (type, older, newer) => {
    const messages = validMessages.filter((m) => m.type === type && m.version === older);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(validator.validateStructure({ ...message, version: newer })).toEqual([]);
    }
  });
});
