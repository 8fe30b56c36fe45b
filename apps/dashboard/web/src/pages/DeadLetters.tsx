import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { time } from '../format';
import { href } from '../route';
import type { DeadLetter, DeadLetterPage } from '../types';
import { usePoll } from '../use-poll';

const PAGE = 25;

function Detail({ id, onReplayed }: { id: string; onReplayed: () => void }) {
  const d = usePoll(() => api<DeadLetter>('GET', `/v1/admin/dlq/${encodeURIComponent(id)}`), [id]);
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const replay = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await api<{ topic: string; replayCount: number }>(
        'POST',
        `/v1/admin/dlq/${encodeURIComponent(id)}/replay`,
      );
      setResult(`Replayed to ${r.topic} (replay ${r.replayCount}): it is being validated again.`);
      d.reload();
      onReplayed();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-label="Dead letter">
      <h3>
        Dead letter <code>{id}</code>
      </h3>
      <ErrorNote error={d.error ?? error} />
      {d.data && (
        <>
          <dl class="facts">
            <dt>reason</dt>
            <dd data-testid="dlq-reason">{d.data.reason}</dd>
            <dt>received</dt>
            <dd>{time(d.data.receivedAt)}</dd>
            <dt>key</dt>
            <dd>{d.data.recordKey ?? '—'}</dd>
            <dt>replays</dt>
            <dd data-testid="dlq-replays">
              {d.data.replayCount}
              {d.data.replayedAt && `, last ${time(d.data.replayedAt)}`}
            </dd>
            {d.data.replayOf && (
              <>
                <dt>replay of</dt>
                <dd>
                  <a href={href.deadLetter(d.data.replayOf)}>{d.data.replayOf}</a>
                </dd>
              </>
            )}
          </dl>
          <pre class="json" aria-label="Record value">
            {d.data.value}
          </pre>
          <button type="button" onClick={() => void replay()} disabled={busy}>
            Replay to the inbound topic
          </button>
          {result && (
            <p class="ok-note" role="status">
              {result}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Records that were not even envelopes: inspect them, and replay them once the producer's bug is understood. */
export function DeadLetters({ id }: { id?: string }) {
  const [offset, setOffset] = useState(0);
  const list = usePoll(
    () => api<DeadLetterPage>('GET', `/v1/admin/dlq?limit=${PAGE}&offset=${offset}`),
    [offset],
    5000,
  );
  return (
    <>
      <h2>Dead letters</h2>
      <ErrorNote error={list.error} />
      {id && <Detail id={id} onReplayed={list.reload} />}
      {list.data && (
        <section class="panel">
          <p class="muted">{list.data.total} dead letters</p>
          <table aria-label="Dead letters">
            <thead>
              <tr>
                <th scope="col">received</th>
                <th scope="col">record</th>
                <th scope="col">reason</th>
                <th scope="col">value</th>
                <th scope="col" class="num">
                  replays
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id} data-dead-letter={d.id} class={d.id === id ? 'selected' : ''}>
                  <td>{time(d.receivedAt)}</td>
                  <td>
                    <a href={href.deadLetter(d.id)}>
                      <code>{d.id}</code>
                    </a>
                    {d.replayOf && <span class="muted"> (replay of {d.replayOf})</span>}
                  </td>
                  <td>{d.reason}</td>
                  <td>
                    <code class="preview">{d.preview}</code>
                  </td>
                  <td class="num">{d.replayCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={offset + list.data.items.length >= list.data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Older
            </button>
          </div>
        </section>
      )}
    </>
  );
}
