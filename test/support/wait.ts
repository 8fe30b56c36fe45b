import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it returns true, failing with `what` after the deadline: tests wait for facts, not for time. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 30_000, intervalMs = 100, what = 'a condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
      if (err instanceof Error && /exited \(/.test(err.message)) throw err;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
  );
}
