// A customs authority reading its deliveries from Kafka with kafkajs.
//   KAFKA_BROKERS=127.0.0.1:9092 CX_PARTICIPANT=GE-CUSTOMS node examples/customs-kafka-consumer.js
// Prints "<ce_type> <consignmentRef> <id>" per message. read_committed (kafkajs' default) sees each message once,
// even across a crash of the exchange; the consumer group remembers where it stopped.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const participant = process.env.CX_PARTICIPANT;
const prefix = process.env.CX_TOPIC_PREFIX || 'cx';
const max = Number(process.env.MAX_MESSAGES || 0);
if (!participant) {
  console.error('Set CX_PARTICIPANT to your participant id, e.g. GE-CUSTOMS');
  process.exit(2);
}

const kafka = new Kafka({ clientId: `${participant}-example`, brokers, logLevel: logLevel.ERROR });
const consumer = kafka.consumer({
  groupId: process.env.CX_GROUP_ID || `${participant}-example`,
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
