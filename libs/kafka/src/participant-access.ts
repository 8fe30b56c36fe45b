import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
} from 'kafkajs';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { KAFKA } from './client';
import { KafkaAdmin } from './kafka-admin';
import { participantAcls, principalOf } from './participant-acls';
import { alterScramCredentials, ScramMechanism } from './scram-credentials';

/** Both SCRAM mechanisms: a participant's client may use either; the local broker accepts SCRAM-SHA-512. */
const MECHANISMS: ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

export interface IssuedKafkaCredential {
  username: string;
  /** Shown once; the cluster keeps only a salted hash of it. */
  password: string;
  mechanism: 'scram-sha-512';
  /** What the credential allows, as `operation resourceType pattern:name`. */
  acls: string[];
}

export interface KafkaAccessState {
  username: string;
  /** True while the participant has ACLs, i.e. a credential that can do anything. */
  active: boolean;
  acls: string[];
}

/** kafkajs' enums are plain objects at run time (no reverse mapping): the name of a value. */
const nameOf = (values: object, value: number) =>
  Object.entries(values).find(([, v]) => v === value)?.[0] ?? String(value);

const describe = (a: {
  operation: AclOperationTypes;
  resourceType: AclResourceTypes;
  resourcePatternType: ResourcePatternTypes;
  resourceName: string;
}) =>
  `${nameOf(AclOperationTypes, a.operation)} ${nameOf(AclResourceTypes, a.resourceType)} ` +
  `${nameOf(ResourcePatternTypes, a.resourcePatternType)}:${a.resourceName}`;

/**
 * A participant's own Kafka credential: a SCRAM user named after it, with the ACLs of participantAcls(). Issuing
 * again replaces the password (the old one stops working for new connections); revoking deletes the ACLs first,
 * which cuts open connections at their next request, then the credential.
 */
@Injectable()
export class ParticipantKafkaAccess {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly kafkaAdmin: KafkaAdmin,
  ) {}

  async issue(participantId: string): Promise<IssuedKafkaCredential> {
    const topics = topicsOf(this.settings);
    await this.kafkaAdmin.ensure([topics.deliver(participantId), topics.inboundOf(participantId)]);
    const password = randomBytes(24).toString('base64url');
    await alterScramCredentials(
      this.kafka,
      MECHANISMS.map((mechanism) => ({ upsertions: [{ user: participantId, mechanism, password }] })),
    );
    const acls = participantAcls(participantId, topics).map((a) => a.entry);
    await this.kafkaAdmin.admin.createAcls({ acl: acls });
    return { username: participantId, password, mechanism: 'scram-sha-512', acls: acls.map(describe) };
  }

  async revoke(participantId: string): Promise<void> {
    await this.kafkaAdmin.admin.deleteAcls({ filters: [this.filter(participantId)] });
    await alterScramCredentials(
      this.kafka,
      MECHANISMS.map((mechanism) => ({ deletions: [{ user: participantId, mechanism }] })),
    );
  }

  async state(participantId: string): Promise<KafkaAccessState> {
    const { resources } = await this.kafkaAdmin.admin.describeAcls(this.filter(participantId));
    const acls = resources.flatMap((r) => r.acls.map((a) => describe({ ...r, ...a })));
    return { username: participantId, active: acls.length > 0, acls: acls.sort() };
  }

  private filter(participantId: string) {
    return {
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: principalOf(participantId),
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    };
  }
}
