/** Stops the broker that global-setup.ts started (none when KAFKA_BROKERS was given). */
import * as fs from 'node:fs';
import { TEST_KAFKA_KEY, TestKafka } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const test = (globalThis as Record<string, unknown>)[TEST_KAFKA_KEY] as TestKafka | undefined;
  if (!test) return;
  delete (globalThis as Record<string, unknown>)[TEST_KAFKA_KEY];
  await test.broker.stop();
  // The shared folder's logs stay until the next run for a look after a failure; a run's own folder goes.
  if (test.ownDataDir) fs.rmSync(test.ownDataDir, { recursive: true, force: true });
}
