/** A broker's server.properties (secured; one node or one of a cluster's) and its log4j2 configuration, written at every start. */
import { BROKER_PRINCIPAL, CONTROLLER_PRINCIPAL, Credentials, EXCHANGE_PRINCIPAL } from './credentials';
import { Layout } from './layout';

/**
 * A second client listener on `port` that tells clients to reach it on `advertisedPort`: a test puts a proxy there
 * so that every connection of the clients it bootstraps goes through that proxy.
 */
export interface ProxiedListener {
  port: number;
  advertisedPort: number;
}

/**
 * How long an authenticated connection lives before the client must authenticate again: a deleted credential is
 * refused at once on new connections and, on those already open, within this time. It is not shorter because
 * kafkajs re-authenticates when less than 10 s (its reauthenticationThreshold) remain: a 10 s lifetime would make
 * every kafkajs client authenticate before each request. Revoking also deletes the ACLs, which takes effect at once.
 */
const MAX_REAUTH_MS = 60_000;

function jaas(module: 'plain.PlainLoginModule' | 'scram.ScramLoginModule', fields: Record<string, string>) {
  const options = Object.entries(fields).map(([k, v]) => `${k}="${v}"`);
  return `org.apache.kafka.common.security.${module} required ${options.join(' ')};`;
}

/** Where a node stands in its KRaft quorum, and how far its cluster replicates what it creates itself. */
export interface NodeRole {
  nodeId: number;
  /** `controller.quorum.voters`: `id@127.0.0.1:controllerPort` of every voter (every node is one). */
  voters: string;
  /** Replication factor of the internal topics (offsets, transaction state) and the default of any other. */
  replication: number;
  /** `min.insync.replicas` of the internal topics and the broker's default for any other. */
  minInsync: number;
}

/** The single broker: its own only voter, nothing replicated. */
export const singleNode = (controllerPort: number): NodeRole => ({
  nodeId: 1,
  voters: `1@127.0.0.1:${controllerPort}`,
  replication: 1,
  minInsync: 1,
});

export function serverProperties(
  l: Layout,
  port: number,
  controllerPort: number,
  c: Credentials,
  proxied?: ProxiedListener,
  role: NodeRole = singleNode(controllerPort),
): string {
  const { replication, minInsync } = role;
  const listeners = [`CLIENT://127.0.0.1:${port}`, `CONTROLLER://127.0.0.1:${controllerPort}`];
  const advertised = [`CLIENT://127.0.0.1:${port}`];
  const protocols = ['CLIENT:SASL_PLAINTEXT', 'CONTROLLER:SASL_PLAINTEXT'];
  const proxiedSasl: string[] = [];
  if (proxied) {
    // Secured as the client listener: the same SCRAM users and ACLs, only reached through the test's proxy.
    listeners.push(`PROXIED://127.0.0.1:${proxied.port}`);
    advertised.push(`PROXIED://127.0.0.1:${proxied.advertisedPort}`);
    protocols.push('PROXIED:SASL_PLAINTEXT');
    proxiedSasl.push(
      'listener.name.proxied.sasl.enabled.mechanisms=SCRAM-SHA-512',
      `listener.name.proxied.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule', {
        username: BROKER_PRINCIPAL,
        password: c.broker,
      })}`,
    );
  }
  return [
    '# Written by scripts/kafka/local-broker.ts at every start; edits here are overwritten.',
    'process.roles=broker,controller',
    `node.id=${role.nodeId}`,
    `controller.quorum.voters=${role.voters}`,
    // Both listeners authenticate: clients with SCRAM-SHA-512 (credentials in the cluster metadata, managed through
    // the admin API), the controller listener with a single JAAS-configured PLAIN user that only this broker knows.
    `listeners=${listeners.join(',')}`,
    `advertised.listeners=${advertised.join(',')}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=CLIENT',
    `listener.security.protocol.map=${protocols.join(',')}`,
    'listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512',
    ...proxiedSasl,
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.client.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule', {
      username: BROKER_PRINCIPAL,
      password: c.broker,
    })}`,
    // The controller listener: one PLAIN user, configured here, that only the node itself knows.
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    'sasl.mechanism.controller.protocol=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', {
      username: CONTROLLER_PRINCIPAL,
      password: c.controller,
      [`user_${CONTROLLER_PRINCIPAL}`]: c.controller,
    })}`,
    `connections.max.reauth.ms=${MAX_REAUTH_MS}`,
    // Nothing is allowed that no ACL allows; the exchange, the broker and the controller are super users.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${EXCHANGE_PRINCIPAL};User:${BROKER_PRINCIPAL};User:${CONTROLLER_PRINCIPAL}`,
    `log.dirs=${l.dataDirs}`,
    // One node: every replication factor and ISR minimum is 1. A cluster of three: 3 and 2, so that committed offsets
    // and transaction state survive the loss of any one node and are never acknowledged by one replica alone.
    'num.partitions=3',
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${minInsync}`,
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minInsync}`,
    'transaction.state.log.num.partitions=10',
    `share.coordinator.state.topic.replication.factor=${replication}`,
    `share.coordinator.state.topic.min.isr=${minInsync}`,
    // A cluster's node that dies is fenced, and its partitions led by the others, after 3 s without a heartbeat
    // instead of Kafka's 9 s: the time the gateway answers 503 for what those partitions would take. Fine between
    // nodes of one machine; across a network, weigh it against pauses that would fence a live node.
    ...(replication > 1 ? ['broker.session.timeout.ms=3000', 'broker.heartbeat.interval.ms=500'] : []),
    // Consumers join at once; the apps create their topics themselves.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

export function log4jProperties(l: Layout): string {
  return [
    '# The broker logs to logs/server.log only (rolled at 20 MB, 3 kept), never to the terminal.',
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = FILE',
    `appender.file.fileName = ${l.logFile}`,
    `appender.file.filePattern = ${l.logFile}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 20MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request logger and the state-change logger are chatty at INFO.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}
