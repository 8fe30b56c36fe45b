import { Kafka, KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import { KafkaSecurity, parseKafkaSecurity } from '../../libs/config/src/kafka-security';
import { kafkaSecurityOptions } from '../../libs/kafka/src/client';
import { installGroupFencedOffsets } from '../../libs/kafka/src/group-fenced-offsets';
import { installStableOffsetFetch } from '../../libs/kafka/src/stable-offset-fetch';

/** The Kafka client variables of the test run (the broker and the super user's credential, from global-setup). */
export function kafkaEnv(): NodeJS.ProcessEnv {
  const names = Object.keys(process.env).filter((n) => n === 'KAFKA_BROKERS' || /^KAFKA_S(ASL|SL)/.test(n));
  return Object.fromEntries(names.map((n) => [n, process.env[n]]));
}

function envSecurity(): KafkaSecurity {
  const problems: string[] = [];
  const security = parseKafkaSecurity(process.env, problems);
  if (problems.length > 0) throw new Error(`test Kafka settings: ${problems.join('; ')}`);
  return security;
}

/**
 * A kafkajs client of the test broker: as the exchange's super user by default, as a participant with its
 * credential, or with no credential at all (`sasl: null`).
 */
export function testKafka(
  clientId: string,
  opts: { sasl?: SASLOptions | null } & Omit<Partial<KafkaConfig>, 'sasl'> = {},
): Kafka {
  const { sasl, ...rest } = opts;
  // The tests' clients read and commit offsets as the exchange's do.
  installStableOffsetFetch();
  installGroupFencedOffsets();
  const security = kafkaSecurityOptions(envSecurity());
  return new Kafka({
    clientId,
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
    ...security,
    ...(sasl === undefined ? {} : { sasl: sasl ?? undefined }),
    ...rest,
  });
}
