import { useState } from 'preact/hooks';
import { api, ApiError, Violation } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { ago } from '../format';
import type { Lag, Participant, Stats } from '../types';
import { ROLES } from '../types';
import { useAction } from '../use-action';
import { usePoll } from '../use-poll';

function lagText(lag: Lag | undefined): string {
  if (!lag) return '—';
  return lag.status === 'consumed' ? String(lag.lag) : lag.status;
}

function lagTitle(lag: Lag | undefined): string {
  if (!lag || lag.status !== 'consumed') return '';
  return lag.consumers.map((c) => `${c.groupId}: ${c.lag}`).join('\n');
}

/** A secret shown once, right after it was issued. */
function NewKey({ owner, apiKey, onDone }: { owner: string; apiKey: string; onDone: () => void }) {
  return (
    <div class="notice" role="status">
      <p>
        New API key for <strong>{owner}</strong>. It is shown only now: copy it and hand it over securely.
      </p>
      <p>
        <code class="secret" data-testid="new-api-key">
          {apiKey}
        </code>{' '}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(apiKey)}>
          Copy
        </button>{' '}
        <button type="button" onClick={onDone}>
          Done
        </button>
      </p>
    </div>
  );
}

function CreateParticipant({ onCreated }: { onCreated: (id: string, apiKey: string) => void }) {
  const [form, setForm] = useState({ id: '', name: '', role: 'port', country: '', locations: '' });
  const [error, setError] = useState<string>();
  const [violations, setViolations] = useState<Violation[]>([]);
  const set = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setViolations([]);
    try {
      const body = {
        ...form,
        locations: form.locations
          .split(/[\s,]+/)
          .map((l) => l.trim())
          .filter(Boolean),
      };
      const created = await api<{ participant: Participant; apiKey: string }>(
        'POST',
        '/v1/admin/participants',
        body,
      );
      setForm({ id: '', name: '', role: 'port', country: '', locations: '' });
      onCreated(created.participant.id, created.apiKey);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError) setViolations(err.violations);
    }
  };

  return (
    <form class="panel form-grid" onSubmit={(e) => void submit(e)} aria-label="New participant">
      <h3>New participant</h3>
      <Field id="new-participant-id" label="Id">
        <input
          id="new-participant-id"
          value={form.id}
          onInput={set('id')}
          placeholder="GE-PORT-ANAKLIA"
          required
        />
      </Field>
      <Field id="new-participant-name" label="Name">
        <input id="new-participant-name" value={form.name} onInput={set('name')} required />
      </Field>
      <Field id="new-participant-role" label="Role">
        <select id="new-participant-role" value={form.role} onChange={set('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field id="new-participant-country" label="Country">
        <input
          id="new-participant-country"
          value={form.country}
          onInput={set('country')}
          placeholder="GE"
          maxLength={2}
          required
        />
      </Field>
      <Field id="new-participant-locations-un-locodes" label="Locations (UN/LOCODEs)">
        <input
          id="new-participant-locations-un-locodes"
          value={form.locations}
          onInput={set('locations')}
          placeholder="GEBUS, GEPTI"
        />
      </Field>
      <div>
        <button type="submit">Create participant</button>
      </div>
      <ErrorNote error={error} />
      {violations.length > 0 && (
        <ul class="error">
          {violations.map((v) => (
            <li key={v.path}>
              <code>{v.path}</code> {v.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function Keys({ id, onIssued }: { id: string; onIssued: (apiKey: string) => void }) {
  const keys = usePoll(
    () =>
      api<Array<{ keyId: string; createdAt: string; revokedAt: string | null }>>(
        'GET',
        `/v1/admin/participants/${id}/keys`,
      ),
    [id],
  );
  const { error, act } = useAction(keys.reload);
  return (
    <div class="keys">
      <ErrorNote error={keys.error ?? error} />
      <table aria-label={`API keys of ${id}`}>
        <thead>
          <tr>
            <th scope="col">key id</th>
            <th scope="col">issued</th>
            <th scope="col">state</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {keys.data?.map((k) => (
            <tr key={k.keyId}>
              <td>
                <code>{k.keyId}</code>
              </td>
              <td>{ago(k.createdAt)}</td>
              <td>{k.revokedAt ? `revoked ${ago(k.revokedAt)}` : 'active'}</td>
              <td>
                {!k.revokedAt && (
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Revoke key ${k.keyId}`}
                    onClick={() =>
                      confirm(`Revoke key ${k.keyId} of ${id}? Calls with it get 401 from then on.`) &&
                      void act(() => api('DELETE', `/v1/admin/participants/${id}/keys/${k.keyId}`))
                    }
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          void act(async () =>
            onIssued((await api<{ apiKey: string }>('POST', `/v1/admin/participants/${id}/keys`)).apiKey),
          )
        }
      >
        Issue a new key for {id}
      </button>
    </div>
  );
}

interface KafkaAccess {
  username: string;
  active: boolean;
  acls: string[];
}

/** The participant's own Kafka credential (SASL SCRAM-SHA-512): what it allows, issue (password shown once), revoke. */
function KafkaCredential({ id, active }: { id: string; active: boolean }) {
  const access = usePoll(
    () => api<KafkaAccess>('GET', `/v1/admin/participants/${id}/kafka-credential`),
    [id],
  );
  const [issued, setIssued] = useState<string>();
  const { error, act } = useAction(access.reload);
  return (
    <div class="keys" aria-label={`Kafka credential of ${id}`} role="group">
      <ErrorNote error={access.error ?? error} />
      {issued && (
        <div class="notice" role="status">
          <p>
            New Kafka credential for <strong>{id}</strong> (SASL SCRAM-SHA-512, user name <code>{id}</code>).
            The password is shown only now: copy it and hand it over securely. Any earlier password no longer
            works.
          </p>
          <p>
            <code class="secret" data-testid="new-kafka-password">
              {issued}
            </code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(issued)}>
              Copy
            </button>{' '}
            <button type="button" onClick={() => setIssued(undefined)}>
              Done
            </button>
          </p>
        </div>
      )}
      <div>
        Kafka: {access.data?.active ? 'credential active, allowed' : 'no credential'}
        {access.data?.active && (
          <ul>
            {access.data.acls.map((a) => (
              <li key={a}>
                <code>{a}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      {active && (
        <button
          type="button"
          onClick={() =>
            void act(async () =>
              setIssued(
                (await api<{ password: string }>('POST', `/v1/admin/participants/${id}/kafka-credential`))
                  .password,
              ),
            )
          }
        >
          {access.data?.active ? 'Replace' : 'Issue'} the Kafka credential of {id}
        </button>
      )}{' '}
      {access.data?.active && (
        <button
          type="button"
          class="danger"
          onClick={() =>
            confirm(`Revoke the Kafka credential of ${id}? Its Kafka clients are refused from then on.`) &&
            void act(() => api('DELETE', `/v1/admin/participants/${id}/kafka-credential`))
          }
        >
          Revoke the Kafka credential of {id}
        </button>
      )}
    </div>
  );
}

/** The participant's UN/EDIFACT identity (UNB sender id and qualifier): shown, set or removed. */
function EdifactIdentity({ participant, onSaved }: { participant: Participant; onSaved: () => void }) {
  const id = participant.id;
  const [form, setForm] = useState({
    edifactId: participant.edifactId ?? '',
    edifactQualifier: participant.edifactQualifier ?? '',
  });
  const { error, act } = useAction(onSaved);
  const save = (body: { edifactId: string | null; edifactQualifier: string | null }) =>
    act(() => api('PATCH', `/v1/admin/participants/${id}`, body));
  const current = participant.edifactId
    ? `${participant.edifactId}${participant.edifactQualifier ? `:${participant.edifactQualifier}` : ''}`
    : undefined;
  return (
    <form
      class="keys"
      aria-label={`EDIFACT identity of ${id}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({
          edifactId: form.edifactId.trim() || null,
          edifactQualifier: form.edifactQualifier.trim() || null,
        });
      }}
    >
      <ErrorNote error={error} />
      <div>
        EDIFACT (UNB sender): {current ? <code>{current}</code> : 'none: it cannot send interchanges'}
      </div>
      <Field id={`edifact-id-${id}`} label="UNB sender id">
        <input
          id={`edifact-id-${id}`}
          value={form.edifactId}
          maxLength={35}
          onInput={(e) => setForm({ ...form, edifactId: (e.target as HTMLInputElement).value })}
        />
      </Field>
      <Field id={`edifact-qualifier-${id}`} label="Qualifier">
        <input
          id={`edifact-qualifier-${id}`}
          value={form.edifactQualifier}
          maxLength={4}
          placeholder="ZZZ"
          onInput={(e) => setForm({ ...form, edifactQualifier: (e.target as HTMLInputElement).value })}
        />
      </Field>
      <button type="submit">Save the EDIFACT identity of {id}</button>{' '}
      {current && (
        <button
          type="button"
          class="danger"
          onClick={() => void save({ edifactId: null, edifactQualifier: null })}
        >
          Remove
        </button>
      )}
    </form>
  );
}

export function Participants() {
  const participants = usePoll(() => api<Participant[]>('GET', '/v1/admin/participants'), []);
  const stats = usePoll(() => api<Stats>('GET', '/v1/admin/stats?minutes=5'), [], 5000);
  const [issued, setIssued] = useState<{ owner: string; apiKey: string }>();
  const [open, setOpen] = useState<string>();
  const { error, act } = useAction(participants.reload);
  const byId = new Map(stats.data?.participants.map((p) => [p.id, p]));

  const setActive = (p: Participant, active: boolean) =>
    act(() => api('PATCH', `/v1/admin/participants/${p.id}`, { active }));

  return (
    <>
      <h2>Participants</h2>
      {issued && <NewKey owner={issued.owner} apiKey={issued.apiKey} onDone={() => setIssued(undefined)} />}
      <ErrorNote error={participants.error ?? error} />
      <table aria-label="Participants">
        <thead>
          <tr>
            <th scope="col">id</th>
            <th scope="col">name</th>
            <th scope="col">role</th>
            <th scope="col">country</th>
            <th scope="col">last activity</th>
            <th scope="col" class="num" title="Kafka consumer lag of cx.deliver.<id>">
              delivery lag
            </th>
            <th scope="col">state</th>
            <th scope="col">actions</th>
          </tr>
        </thead>
        <tbody>
          {participants.data?.map((p) => {
            const s = byId.get(p.id);
            return [
              <tr key={p.id} data-participant={p.id} class={p.active ? '' : 'inactive'}>
                <th scope="row">
                  <code>{p.id}</code>
                </th>
                <td>{p.name}</td>
                <td>{p.role}</td>
                <td>{p.country}</td>
                <td>{ago(s?.lastActivityAt)}</td>
                <td class="num nowrap" title={lagTitle(s?.deliveryLag)}>
                  {lagText(s?.deliveryLag)}
                </td>
                <td>{p.active ? 'active' : 'inactive'}</td>
                <td class="actions">
                  <button
                    type="button"
                    aria-expanded={open === p.id}
                    aria-label={`Keys of ${p.id}`}
                    onClick={() => setOpen(open === p.id ? undefined : p.id)}
                  >
                    Keys
                  </button>
                  <button
                    type="button"
                    class={p.active ? 'danger' : ''}
                    aria-label={`${p.active ? 'Deactivate' : 'Activate'} ${p.id}`}
                    onClick={() =>
                      (!p.active ||
                        confirm(
                          `Deactivate ${p.id}? It can then neither send nor be routed to, and its Kafka credential is revoked.`,
                        )) &&
                      void setActive(p, !p.active)
                    }
                  >
                    {p.active ? 'Deactivate' : 'Activate'}
                  </button>
                </td>
              </tr>,
              open === p.id && (
                <tr key={`${p.id}-keys`}>
                  <td colSpan={8}>
                    <Keys id={p.id} onIssued={(apiKey) => setIssued({ owner: p.id, apiKey })} />
                    <KafkaCredential id={p.id} active={p.active} />
                    <EdifactIdentity participant={p} onSaved={participants.reload} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      <CreateParticipant
        onCreated={(id, apiKey) => {
          setIssued({ owner: id, apiKey });
          participants.reload();
        }}
      />
    </>
  );
}
