import { api, query } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { TrafficChart } from '../components/TrafficChart';
import { ago, ms, time } from '../format';
import { href } from '../route';
import type { Health, MessagePage, Stats } from '../types';
import { usePoll } from '../use-poll';

const REFRESH_MS = 3000;

function healthDetail(h: Health & { status: 'up' }): string {
  const parts = [`answers in ${h.latencyMs} ms`];
  if (typeof h.brokers === 'number') parts.push(`${h.brokers} broker${h.brokers === 1 ? '' : 's'}`);
  if (typeof h.kind === 'string') parts.push(h.kind === 'postgres' ? 'PostgreSQL' : 'SQLite');
  return parts.join(' · ');
}

function HealthCard({ name, health }: { name: string; health: Health }) {
  const up = health.status === 'up';
  return (
    <section class={`card ${up ? 'ok' : 'bad'}`} aria-label={`${name} health`}>
      <h3>{name}</h3>
      <p class="big">{up ? 'up' : 'down'}</p>
      <p class="muted">{health.status === 'up' ? healthDetail(health) : health.message}</p>
    </section>
  );
}

export function Overview() {
  const stats = usePoll(() => api<Stats>('GET', '/v1/admin/stats?minutes=30'), [], REFRESH_MS);
  const latest = usePoll(
    () => api<MessagePage>('GET', `/v1/admin/messages${query({ limit: 8 })}`),
    [],
    REFRESH_MS,
  );
  const s = stats.data;
  return (
    <>
      <h2>Overview</h2>
      <ErrorNote error={stats.error} />
      {s && (
        <>
          <div class="cards">
            <HealthCard name="Kafka" health={s.health.kafka} />
            <HealthCard name="Database" health={s.health.database} />
            <section class="card" aria-label="Pipeline latency">
              <h3>Latency (received → routed)</h3>
              <p class="big">
                p50 <span data-testid="latency-p50">{ms(s.latency.p50Ms)}</span> · p99{' '}
                <span data-testid="latency-p99">{ms(s.latency.p99Ms)}</span>
              </p>
              <p class="muted">
                {s.latency.count} routed in the last {s.windowMinutes} min
              </p>
            </section>
            <section class="card" aria-label="Dead letters">
              <h3>Dead letters</h3>
              <p class="big">
                <a href="#/dlq">{s.totals.deadLetters}</a>
              </p>
              <p class="muted">{s.totals.acks} acks sent</p>
            </section>
          </div>
          <section class="panel">
            <h3>Messages per minute, last {s.windowMinutes} minutes</h3>
            <TrafficChart perMinute={s.perMinute} />
            <p class="muted">
              Updated {time(s.generatedAt)} · blues and greens: routed · reds: rejected · greys: still in the
              pipeline
            </p>
          </section>
          <div class="columns">
            <section class="panel">
              <h3>Messages by type and outcome</h3>
              <table aria-label="Messages by type and outcome">
                <thead>
                  <tr>
                    <th scope="col">type</th>
                    <th scope="col" class="num">
                      routed
                    </th>
                    <th scope="col" class="num">
                      rejected
                    </th>
                    <th scope="col" class="num">
                      in pipeline
                    </th>
                    <th scope="col" class="num">
                      total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.totals.byType.length === 0 && (
                    <tr>
                      <td colSpan={5} class="muted">
                        No messages yet.
                      </td>
                    </tr>
                  )}
                  {s.totals.byType.map((t) => (
                    <tr key={t.type} data-type={t.type}>
                      <th scope="row">
                        <a href={href.search({ type: t.type })}>{t.type}</a>
                      </th>
                      <td class="num" data-outcome="routed">
                        {t.routed}
                      </td>
                      <td class="num" data-outcome="rejected">
                        {t.rejected}
                      </td>
                      <td class="num" data-outcome="accepted">
                        {t.accepted}
                      </td>
                      <td class="num">{t.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section class="panel">
              <h3>Validation failures by rule, last {s.windowMinutes} minutes</h3>
              <table aria-label="Validation failures by rule">
                <thead>
                  <tr>
                    <th scope="col">rule</th>
                    <th scope="col" class="num">
                      messages
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.failuresByRule.length === 0 && (
                    <tr>
                      <td colSpan={2} class="muted">
                        No failures.
                      </td>
                    </tr>
                  )}
                  {s.failuresByRule.map((f) => (
                    <tr key={f.rule}>
                      <td>
                        <code>{f.rule}</code>
                      </td>
                      <td class="num">{f.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      )}
      <section class="panel">
        <h3>Latest messages</h3>
        <ErrorNote error={latest.error} />
        <table aria-label="Latest messages">
          <thead>
            <tr>
              <th scope="col">received</th>
              <th scope="col">type</th>
              <th scope="col">sender</th>
              <th scope="col">consignment</th>
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {latest.data?.items.map((m) => (
              <tr key={m.id} data-message-id={m.id}>
                <td>
                  <a href={href.message(m.id)}>{ago(m.receivedAt)}</a>
                </td>
                <td>{m.type}</td>
                <td>{m.sender}</td>
                <td>
                  <a href={href.consignment(m.consignmentRef)}>{m.consignmentRef}</a>
                </td>
                <td>
                  <span class={`status ${m.status}`}>{m.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
