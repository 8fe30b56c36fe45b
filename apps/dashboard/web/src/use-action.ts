import { useState } from 'preact/hooks';

/**
 * A button's call to the admin API: `act(work)` runs it, then `after` (a reload, say); a failure becomes `error`,
 * shown beside the button, and the next call clears it.
 */
export function useAction(after: () => void) {
  const [error, setError] = useState<string>();
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      after();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return { error, act };
}
