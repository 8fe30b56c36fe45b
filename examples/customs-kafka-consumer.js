// A customs authority reading its deliveries from Kafka with kafkajs, with its own Kafka credential (issued by the
// exchange's admin: POST /v1/admin/participants/GE-CUSTOMS/kafka-credential).
//   KAFKA_BROKERS=127.0.0.1:9092 CX_PARTICIPANT=GE-CUSTOMS KAFKA_SASL_PASSWORD=… node examples/customs-kafka-consumer.js
// KAFKA_SASL_MECHANISM (scram-sha-512), KAFKA_SASL_USERNAME (the participant id); KAFKA_SSL=true (and KAFKA_SSL_CA_FILE)
// for a broker that speaks TLS. The consumer group must start with the participant id and a dot: that is all its
// credential may use.
// Prints "<ce_type> <consignmentRef> <id>" per message. read_committed (kafkajs' default) sees each message once,
// even across a crash of the exchange; the consumer group remembers where it stopped.
'use strict';
const fs = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const participant = process.env.CX_PARTICIPANT;
const prefix = process.env.CX_TOPIC_PREFIX || 'cx';
const max = Number(process.env.MAX_MESSAGES || 0);
if (!participant) {
  console.error('Set CX_PARTICIPANT to your participant id, e.g. GE-CUSTOMS');
  process.exit(2);
}

const password =
  process.env.KAFKA_SASL_PASSWORD ||
  (process.env.KAFKA_SASL_PASSWORD_FILE &&
    fs.readFileSync(process.env.KAFKA_SASL_PASSWORD_FILE, 'utf8').trim());
if (!password) {
  console.error('Set KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE) to your Kafka credential');
  process.exit(2);
}
const sasl = {
  mechanism: process.env.KAFKA_SASL_MECHANISM || 'scram-sha-512',
  username: process.env.KAFKA_SASL_USERNAME || participant,
  password,
};
const ssl =
  process.env.KAFKA_SSL === 'true'
    ? { ca: process.env.KAFKA_SSL_CA_FILE ? fs.readFileSync(process.env.KAFKA_SSL_CA_FILE) : undefined }
    : undefined;

const kafka = new Kafka({ clientId: `${participant}-example`, brokers, sasl, ssl, logLevel: logLevel.ERROR });
const consumer = kafka.consumer({
  groupId: process.env.CX_GROUP_ID || `${participant}.example`,
  readUncommitted: false,
});
let seen = 0;

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}.deliver.${participant}`, fromBeginning: true });
  console.log(`reading ${prefix}.deliver.${participant}`);
  await consumer.run({
    eachMessage: async ({ message }) => {
      const envelope = JSON.parse(message.value.toString('utf8'));
      const type = message.headers.ce_type.toString();
      console.log(`${type} ${envelope.consignmentRef} ${envelope.id}`);
      seen += 1;
      if (max > 0 && seen >= max) setTimeout(stop, 0);
    },
  });
}

async function stop() {
  await consumer.disconnect().catch(() => undefined);
  process.exit(0);
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
