/** When the local broker is ready for the apps, or why it never was (the tail of its log). */
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { BrokerCredential } from './credentials';
import { Layout } from './layout';

function tail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}

/**
 * Resolves once the broker answers a metadata request naming every node (one, or each of a cluster's) and its group
 * and transaction coordinators are up, so that the apps' first consumers and transactions do not meet "coordinator
 * not available / loading". In a cluster the internal topics are replicated to every node: created only once all are.
 */
export async function waitUntilReady(
  brokers: string[],
  credential: BrokerCredential,
  children: ChildProcess[],
  layouts: Layout[],
  timeoutMs: number,
  /** How many nodes the answer must name: one per bootstrap server by default (a restarted node: the whole cluster). */
  nodes = brokers.length,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 'cx-local-broker-probe',
    brokers,
    sasl: credential,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  let answered = false;
  while (!answered && Date.now() < deadline) {
    children.forEach((child, i) => {
      if (child.exitCode === null && child.signalCode === null) return;
      const l = layouts[i];
      throw new Error(
        `the Kafka broker exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready. ` +
          `Last lines of ${l.logFile}:\n${tail(l.logFile)}\n${tail(l.stdoutFile, 20)}`,
      );
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= nodes) {
        await admin.describeGroups(['cx-local-broker-probe']); // creates __consumer_offsets
        answered = true;
      }
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (!answered) await sleep(250);
  }
  if (!answered) {
    throw new Error(
      `the Kafka broker on ${brokers.join(',')} did not answer within ${Math.round(timeoutMs / 1000)} s` +
        `${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})` : ''}. Last lines of ${layouts[0].logFile}:\n${tail(layouts[0].logFile)}`,
    );
  }
  // One empty transaction creates __transaction_state.
  const warm = new Kafka({
    clientId: 'cx-local-broker-probe',
    brokers,
    sasl: credential,
    logLevel: logLevel.NOTHING,
  });
  const producer = warm.producer({
    transactionalId: 'cx-local-broker-probe',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  try {
    await producer.connect();
    const tx = await producer.transaction();
    await tx.abort();
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}
