import { api } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { ms, time } from '../format';
import { href } from '../route';
import type { Consignment, MessageDetail } from '../types';
import { usePoll } from '../use-poll';
import { versionChain, versionNote } from '../versions';

/** One message: what it is, where it went, what was wrong with it, and the envelope itself. */
export function MessagePage({ id }: { id: string }) {
  const detail = usePoll(
    () => api<MessageDetail>('GET', `/v1/admin/messages/${encodeURIComponent(id)}`),
    [id],
    5000,
  );
  const d = detail.data;
  const m = d?.message;
  const ref = m?.consignmentRef;
  const consignment = usePoll(
    () =>
      ref
        ? api<Consignment>('GET', `/v1/consignments/${encodeURIComponent(ref)}`)
        : Promise.resolve(undefined),
    [ref],
    5000,
  );
  const chain = consignment.data ? versionChain(consignment.data.timeline, id) : [];
  return (
    <>
      <h2>
        Message <code>{id}</code>
      </h2>
      <ErrorNote error={detail.error} />
      {d && m && (
        <>
          <section class="panel">
            <dl class="facts">
              <dt>type</dt>
              <dd>
                {m.type} {m.version}
              </dd>
              <dt>status</dt>
              <dd>
                <span class={`status ${m.status}`} data-testid="message-status">
                  {m.status}
                </span>
              </dd>
              <dt>sender</dt>
              <dd>{m.sender}</dd>
              <dt>consignment</dt>
              <dd>
                <a href={href.consignment(m.consignmentRef)}>{m.consignmentRef}</a> (timeline)
              </dd>
              <dt>received</dt>
              <dd>{time(m.receivedAt)}</dd>
              <dt>routed</dt>
              <dd>
                {time(m.routedAt)}
                {m.routedAt && ` (${ms(Date.parse(m.routedAt) - Date.parse(m.receivedAt))} later)`}
              </dd>
              {m.correlationId && (
                <>
                  <dt>correlation</dt>
                  <dd>
                    <a href={href.message(m.correlationId)}>{m.correlationId}</a>
                  </dd>
                </>
              )}
              <dt>recipients</dt>
              <dd data-testid="recipients">{m.recipients.length ? m.recipients.join(', ') : '—'}</dd>
              <dt>acks</dt>
              <dd>
                {d.acks.length === 0
                  ? '—'
                  : d.acks.map((a) => (
                      <span key={a.id}>
                        {a.outcome} at {time(a.sentAt)}{' '}
                      </span>
                    ))}
              </dd>
            </dl>
          </section>
          {chain.length > 1 && (
            <section class="panel">
              <h3>Versions</h3>
              <ol class="timeline" aria-label="Versions">
                {chain.map((t) => (
                  <li key={t.id}>
                    <time dateTime={t.time}>{time(t.time)}</time> <strong>{t.type}</strong> ·{' '}
                    {t.id === id ? (
                      <code>{t.id}</code>
                    ) : (
                      <a href={href.message(t.id)}>
                        <code>{t.id}</code>
                      </a>
                    )}{' '}
                    <span class="muted">({versionNote(t)})</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {m.errors.length > 0 && (
            <section class="panel">
              <h3>Errors</h3>
              <table aria-label="Errors">
                <thead>
                  <tr>
                    <th scope="col">path</th>
                    <th scope="col">message</th>
                    <th scope="col">rule</th>
                  </tr>
                </thead>
                <tbody>
                  {m.errors.map((e, i) => (
                    <tr key={i}>
                      <td>
                        <code>{e.path || '/'}</code>
                      </td>
                      <td>{e.message}</td>
                      <td>
                        <code>{e.rule}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section class="panel">
            <h3>Deliveries</h3>
            <table aria-label="Deliveries">
              <thead>
                <tr>
                  <th scope="col">participant</th>
                  <th scope="col" class="num">
                    inbox cursor
                  </th>
                  <th scope="col">delivered</th>
                </tr>
              </thead>
              <tbody>
                {d.deliveries.length === 0 && (
                  <tr>
                    <td colSpan={3} class="muted">
                      Not delivered to anyone.
                    </td>
                  </tr>
                )}
                {d.deliveries.map((x) => (
                  <tr key={x.participantId}>
                    <td>{x.participantId}</td>
                    <td class="num">{x.seq}</td>
                    <td>{time(x.deliveredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="panel">
            <h3>Envelope</h3>
            <pre class="json" aria-label="Envelope">
              {typeof d.envelope === 'string' ? d.envelope : JSON.stringify(d.envelope, null, 2)}
            </pre>
          </section>
        </>
      )}
    </>
  );
}
