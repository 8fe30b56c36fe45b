import {
  AclEntry,
  AclOperationTypes as Op,
  AclPermissionTypes,
  AclResourceTypes as Resource,
  ResourcePatternTypes as Pattern,
} from 'kafkajs';
import { groupPrefixOf, TopicNames } from '@cx/config';

/** A participant's Kafka principal: its id, which is also its SCRAM user name. */
export const principalOf = (participantId: string) => `User:${participantId}`;

export interface ParticipantAcl {
  entry: AclEntry;
  /** Why the participant needs it. */
  reason: string;
}

/**
 * Everything a participant may do on Kafka; with `allow.everyone.if.no.acl.found=false` anything else is refused.
 * READ and WRITE imply DESCRIBE in Kafka, so metadata, offsets and the idempotent producer's id need no more
 * (since Kafka 2.8, WRITE on a topic is enough for an idempotent producer's InitProducerId; no IDEMPOTENT_WRITE on
 * the cluster). No transactional ids: participants produce idempotently, not transactionally.
 */
export function participantAcls(participantId: string, topics: TopicNames): ParticipantAcl[] {
  const principal = principalOf(participantId);
  const allow = (
    resourceType: Resource,
    resourceName: string,
    resourcePatternType: Pattern,
    operation: Op,
    reason: string,
  ): ParticipantAcl => ({
    entry: {
      resourceType,
      resourceName,
      resourcePatternType,
      principal,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    },
    reason,
  });
  return [
    allow(
      Resource.TOPIC,
      topics.deliver(participantId),
      Pattern.LITERAL,
      Op.READ,
      'consume its own deliveries (fetch, list and commit offsets; implies DESCRIBE for metadata)',
    ),
    allow(
      Resource.GROUP,
      groupPrefixOf(participantId),
      Pattern.PREFIXED,
      Op.READ,
      'join, sync, heartbeat and commit in consumer groups named `<id>.…` only (implies DESCRIBE: find the coordinator, fetch offsets)',
    ),
    allow(
      Resource.TOPIC,
      topics.inboundOf(participantId),
      Pattern.LITERAL,
      Op.WRITE,
      'produce envelopes to its own inbound topic, idempotently (implies DESCRIBE for metadata)',
    ),
  ];
}
