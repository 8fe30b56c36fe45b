import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { localToIso, time } from '../format';
import { href } from '../route';
import type { MessagePage } from '../types';
import { MESSAGE_TYPES } from '../types';
import { usePoll } from '../use-poll';

const FIELDS = ['id', 'consignmentRef', 'sender', 'type', 'status', 'from', 'to'] as const;
type Criteria = Partial<Record<(typeof FIELDS)[number], string>>;

function isoToLocal(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Search by id, consignmentRef, sender, type, status and time range; the criteria live in the URL. */
export function Messages({ params }: { params: URLSearchParams }) {
  const criteria: Criteria = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? undefined]));
  const offset = Number(params.get('offset') ?? 0);
  const key = params.toString();
  const [form, setForm] = useState({
    ...criteria,
    from: isoToLocal(criteria.from),
    to: isoToLocal(criteria.to),
  });
  const results = usePoll(
    () => api<MessagePage>('GET', `/v1/admin/messages${query({ ...criteria, offset, limit: 50 })}`),
    [key],
  );
  const set = (k: keyof Criteria) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  const go = (next: Criteria & { offset?: string }) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>;
    location.hash = href.search(clean);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    go({ ...form, from: localToIso(form.from ?? ''), to: localToIso(form.to ?? '') });
  };

  return (
    <>
      <h2>Messages</h2>
      <form class="panel form-grid" onSubmit={submit} role="search" aria-label="Search messages">
        <Field id="search-message-id" label="Message id">
          <input id="search-message-id" name="id" value={form.id ?? ''} onInput={set('id')} />
        </Field>
        <Field id="search-consignment-ref" label="Consignment ref">
          <input
            id="search-consignment-ref"
            name="consignmentRef"
            value={form.consignmentRef ?? ''}
            onInput={set('consignmentRef')}
          />
        </Field>
        <Field id="search-sender" label="Sender">
          <input
            id="search-sender"
            name="sender"
            value={form.sender ?? ''}
            onInput={set('sender')}
            placeholder="KZ-RAIL-KTZ"
          />
        </Field>
        <Field id="search-type" label="Type">
          <select id="search-type" name="type" value={form.type ?? ''} onChange={set('type')}>
            <option value="">any (acks left out)</option>
            {MESSAGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field id="search-status" label="Status">
          <select id="search-status" name="status" value={form.status ?? ''} onChange={set('status')}>
            <option value="">any</option>
            <option value="accepted">accepted (in the pipeline)</option>
            <option value="routed">routed</option>
            <option value="rejected">rejected</option>
          </select>
        </Field>
        <Field id="search-received-from" label="Received from">
          <input
            id="search-received-from"
            name="from"
            type="datetime-local"
            value={form.from ?? ''}
            onInput={set('from')}
          />
        </Field>
        <Field id="search-received-before" label="Received before">
          <input
            id="search-received-before"
            name="to"
            type="datetime-local"
            value={form.to ?? ''}
            onInput={set('to')}
          />
        </Field>
        <div>
          <button type="submit">Search</button>{' '}
          <button
            type="button"
            onClick={() => {
              setForm({ from: '', to: '' });
              go({});
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorNote error={results.error} />
      {results.data && (
        <section class="panel">
          <p class="muted" aria-live="polite">
            {results.data.total}
            {results.data.totalCapped ? '+' : ''} found
            {results.data.total > 0 && `, showing ${offset + 1}–${offset + results.data.items.length}`}
          </p>
          <table aria-label="Search results">
            <thead>
              <tr>
                <th scope="col">received</th>
                <th scope="col">id</th>
                <th scope="col">type</th>
                <th scope="col">sender</th>
                <th scope="col">consignment</th>
                <th scope="col">status</th>
              </tr>
            </thead>
            <tbody>
              {results.data.items.map((m) => (
                <tr key={m.id} data-message-id={m.id}>
                  <td>{time(m.receivedAt)}</td>
                  <td>
                    <a href={href.message(m.id)}>
                      <code>{m.id}</code>
                    </a>
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
          <div class="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => go({ ...criteria, offset: String(Math.max(0, offset - 50)) })}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={
                results.data.totalCapped
                  ? results.data.items.length < results.data.limit
                  : offset + results.data.items.length >= results.data.total
              }
              onClick={() => go({ ...criteria, offset: String(offset + 50) })}
            >
              Older
            </button>
          </div>
        </section>
      )}
    </>
  );
}
