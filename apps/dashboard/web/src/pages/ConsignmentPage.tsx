import { api } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { time } from '../format';
import { href } from '../route';
import type { Consignment } from '../types';
import { usePoll } from '../use-poll';
import { versionNote } from '../versions';

/** A consignment's parties and its routed messages in the order the exchange received them, every version marked. */
export function ConsignmentPage({ consignmentRef }: { consignmentRef: string }) {
  const c = usePoll(
    () => api<Consignment>('GET', `/v1/consignments/${encodeURIComponent(consignmentRef)}`),
    [consignmentRef],
    5000,
  );
  return (
    <>
      <h2>
        Consignment <code>{consignmentRef}</code>
      </h2>
      <p>
        <a href={href.search({ consignmentRef })}>All its messages, rejected ones included</a>
      </p>
      <ErrorNote error={c.error} />
      {c.data && (
        <>
          <section class="panel">
            <dl class="facts">
              <dt>parties</dt>
              <dd>{c.data.parties.join(', ') || '—'}</dd>
              <dt>last event</dt>
              <dd>{c.data.lastEvent ? <code>{JSON.stringify(c.data.lastEvent)}</code> : '—'}</dd>
            </dl>
          </section>
          <section class="panel">
            <h3>Timeline</h3>
            <ol class="timeline" aria-label="Timeline">
              {c.data.timeline.map((t) => (
                <li key={t.id}>
                  <time dateTime={t.time}>{time(t.time)}</time> <strong>{t.type}</strong> from {t.sender} ·{' '}
                  <a href={href.message(t.id)}>
                    <code>{t.id}</code>
                  </a>
                  {t.supersedes && (
                    <>
                      {' '}
                      replaces{' '}
                      <a href={href.message(t.supersedes)}>
                        <code>{t.supersedes.slice(0, 8)}</code>
                      </a>
                    </>
                  )}{' '}
                  <span class={t.current ? 'muted' : 'status rejected'}>({versionNote(t)})</span>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
