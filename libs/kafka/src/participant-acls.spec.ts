import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { topicNames } from '@cx/config';
import { participantAcls } from './participant-acls';

describe('participantAcls', () => {
  it('allows a participant its own delivery topic, its own groups and its own inbound topic, nothing else', () => {
    const acls = participantAcls('GE-CUSTOMS', topicNames('cx')).map(({ entry }) => entry);
    expect(acls).toEqual([
      expect.objectContaining({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: 'cx.deliver.GE-CUSTOMS',
        resourcePatternType: ResourcePatternTypes.LITERAL,
        operation: AclOperationTypes.READ,
      }),
      expect.objectContaining({
        resourceType: AclResourceTypes.GROUP,
        resourceName: 'GE-CUSTOMS.',
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        operation: AclOperationTypes.READ,
      }),
      expect.objectContaining({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: 'cx.inbound.GE-CUSTOMS',
        resourcePatternType: ResourcePatternTypes.LITERAL,
        operation: AclOperationTypes.WRITE,
      }),
    ]);
    expect(new Set(acls.map((a) => a.principal))).toEqual(new Set(['User:GE-CUSTOMS']));
  });
});
