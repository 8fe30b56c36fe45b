import {
  CORPUS_NOW,
  loadAcceptedDeclarations,
  loadCorpus,
  loadParticipants,
  loadStoredVersionFixtures,
} from '../../../test/fixtures/corpus';
import { declarationLookupOf, participantDirectoryOf, versionLookupOf } from './in-memory-context';
import { MessageValidator } from './message-validator';
import type { ValidationContext } from './validation-context';

const validator = new MessageValidator();
const context: ValidationContext = {
  now: CORPUS_NOW,
  participants: participantDirectoryOf(loadParticipants()),
  declarations: declarationLookupOf(loadAcceptedDeclarations().map((d) => [d.messageId, d] as const)),
  versions: versionLookupOf(loadStoredVersionFixtures()),
};
const corpus = loadCorpus();
const judge = (message: unknown, scope: 'structure' | undefined) =>
  scope === 'structure' ? validator.validateStructure(message) : validator.validate(message, context);

describe('message corpus', () => {
  it('has valid and invalid cases for every type the registry knows', () => {
    for (const type of validator.registry.types()) {
      const cases = corpus.filter((c) => c.file.startsWith(`${type}/`));
      expect(cases.some((c) => c.expect === 'valid')).toBe(true);
      expect(cases.some((c) => c.expect !== 'valid')).toBe(true);
    }
  });

  const valid = corpus.filter((c) => c.expect === 'valid');
  it.each(valid.map((c) => [c.file, c] as const))('%s is valid', (_file, c) => {
    expect(judge(c.message, c.scope)).toEqual([]);
  });

  const invalid = corpus.flatMap((c) => (c.expect === 'valid' ? [] : [[c.file, c, c.expect] as const]));
  it.each(invalid)('%s breaks exactly its one rule', (_file, c, expected) => {
    const violations = judge(c.message, c.scope);
    expect(violations.map(({ path, rule }) => ({ path, rule }))).toEqual([expected]);
    expect(violations[0].message).toMatch(/\w/);
  });
});
