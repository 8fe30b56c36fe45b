// kafkajs 2.2.4's src/producer/sendMessages.js, with two changes (see patches/kafkajs/README.md):
// - a retry resends every partition that has no answer yet, each to its leader as it is now. kafkajs kept answers by
//   broker, so a partition whose leader moved to a broker that had already answered for other partitions was never
//   sent again, and send() resolved without it (tulios/kafkajs#1303): records acknowledged and never written;
// - a retry waits until every request of the attempt has settled. kafkajs retried as soon as one failed, and sent the
//   others' partitions again while they were still in flight: records written twice, in one transaction too.
const { KafkaJSMetadataNotLoaded } = require('../errors')
const { staleMetadata } = require('../protocol/error')
const groupMessagesPerPartition = require('./groupMessagesPerPartition')
const createTopicData = require('./createTopicData')
const responseSerializer = require('./responseSerializer')

const { keys } = Object

/**
 * @param {Object} options
 * @param {import("../../types").Logger} options.logger
 * @param {import("../../types").Cluster} options.cluster
 * @param {ReturnType<import("../../types").ICustomPartitioner>} options.partitioner
 * @param {import("./eosManager").EosManager} options.eosManager
 * @param {import("../retry").Retrier} options.retrier
 */
module.exports = ({ logger, cluster, partitioner, eosManager, retrier }) => {
  return async ({ acks, timeout, compression, topicMessages }) => {
    /** Answers by `topic|partition`: what is here is never sent again. */
    const responsePerPartition = new Map()
    /** Each topic's messages by partition, decided once: a retry sends the same records to the same partitions. */
    const partitioned = new Map()
    const key = (topic, partition) => `${topic}|${partition}`

    const createProducerRequests = async () => {
      /** Per leader: the topics and partitions it is sent now. */
      const perLeader = new Map()

      await cluster.refreshMetadataIfNecessary()

      for (const { topic, messages } of topicMessages) {
        const partitionMetadata = cluster.findTopicPartitionMetadata(topic)

        if (partitionMetadata.length === 0) {
          logger.debug('Producing to topic without metadata', {
            topic,
            targetTopics: Array.from(cluster.targetTopics),
          })

          throw new KafkaJSMetadataNotLoaded('Producing to topic without metadata')
        }

        if (!partitioned.has(topic)) {
          partitioned.set(
            topic,
            groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner })
          )
        }
        const messagesPerPartition = partitioned.get(topic)
        const pending = keys(messagesPerPartition).filter(
          partition => !responsePerPartition.has(key(topic, partition))
        )
        if (pending.length === 0) continue

        const partitionsPerLeader = cluster.findLeaderForPartitions(topic, pending)
        for (const nodeId of keys(partitionsPerLeader)) {
          const forLeader = perLeader.get(nodeId) || []
          forLeader.push({ topic, partitions: partitionsPerLeader[nodeId], messagesPerPartition })
          perLeader.set(nodeId, forLeader)
        }
      }

      return Array.from(perLeader.entries()).map(async ([nodeId, topicDataForBroker]) => {
        const broker = await cluster.findBroker({ nodeId })
        const topicData = createTopicData(topicDataForBroker)

        await eosManager.acquireBrokerLock(broker)
        try {
          if (eosManager.isTransactional()) {
            await eosManager.addPartitionsToTransaction(topicData)
          }

          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(entry => {
              entry['firstSequence'] = eosManager.getSequence(topic, entry.partition)
              eosManager.updateSequence(topic, entry.partition, entry.messages.length)
            })
          })

          let response
          try {
            response = await broker.produce({
              transactionalId: eosManager.isTransactional()
                ? eosManager.getTransactionalId()
                : undefined,
              producerId: eosManager.getProducerId(),
              producerEpoch: eosManager.getProducerEpoch(),
              acks,
              timeout,
              compression,
              topicData,
            })
          } catch (e) {
            topicData.forEach(({ topic, partitions }) => {
              partitions.forEach(entry => {
                eosManager.updateSequence(topic, entry.partition, -entry.messages.length)
              })
            })
            throw e
          }

          const answers = acks !== 0 ? responseSerializer(response) : []
          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(({ partition }) => {
              responsePerPartition.set(
                key(topic, partition),
                answers.filter(a => a.topicName === topic && String(a.partition) === String(partition))
              )
            })
          })
        } finally {
          await eosManager.releaseBrokerLock(broker)
        }
      })
    }

    return retrier(async (bail, retryCount, retryTime) => {
      const topics = topicMessages.map(({ topic }) => topic)
      await cluster.addMultipleTargetTopics(topics)

      try {
        const requests = await createProducerRequests()
        // Every request settles before a retry: one still in flight when another failed would otherwise be sent
        // again beside itself, and both appended (the first had already advanced the partition's sequence).
        const settled = await Promise.allSettled(requests)
        const failed = settled.find(result => result.status === 'rejected')
        if (failed) throw failed.reason
        return Array.from(responsePerPartition.values()).flat()
      } catch (e) {
        if (e.name === 'KafkaJSConnectionClosedError') {
          cluster.removeBroker({ host: e.host, port: e.port })
        }

        if (!cluster.isConnected()) {
          logger.debug(`Cluster has disconnected, reconnecting: ${e.message}`, {
            retryCount,
            retryTime,
          })
          await cluster.connect()
          await cluster.refreshMetadata()
          throw e
        }

        // This is necessary in case the metadata is stale and the number of partitions
        // for this topic has increased in the meantime
        if (
          staleMetadata(e) ||
          e.name === 'KafkaJSMetadataNotLoaded' ||
          e.name === 'KafkaJSConnectionError' ||
          e.name === 'KafkaJSConnectionClosedError' ||
          (e.name === 'KafkaJSProtocolError' && e.retriable)
        ) {
          logger.error(`Failed to send messages: ${e.message}`, { retryCount, retryTime })
          await cluster.refreshMetadata()
          throw e
        }

        logger.error(`${e.message}`, { retryCount, retryTime })
        if (e.retriable) throw e
        bail(e)
      }
    })
  }
}
