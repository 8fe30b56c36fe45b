import {
  PARTICIPANT_ID_MAX_LENGTH,
  PARTICIPANT_ID_PATTERN,
  PARTICIPANT_ROLES,
  ParticipantRole,
  Violation,
} from '@cx/contracts';

export interface NewParticipant {
  id: string;
  name: string;
  role: ParticipantRole;
  country: string;
  locations: string[];
}

export interface ParticipantPatch {
  name?: string;
  locations?: string[];
  active?: boolean;
}

const LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;
const MAX_LOCATIONS = 200;

type Check = (value: unknown, path: string) => Violation | undefined;

const fail = (path: string, message: string, rule: string): Violation => ({ path, message, rule });

const checks: Record<string, Check> = {
  id: (v, p) =>
    typeof v === 'string' && PARTICIPANT_ID_PATTERN.test(v) && v.length <= PARTICIPANT_ID_MAX_LENGTH
      ? undefined
      : fail(
          p,
          'must be a participant id such as KZ-RAIL-KTZ (country, then dash-separated parts; at most 64)',
          'schema.pattern',
        ),
  name: (v, p) =>
    typeof v === 'string' && v.trim().length > 0 && v.length <= 200
      ? undefined
      : fail(p, 'must be a name of 1 to 200 characters', 'schema.maxLength'),
  role: (v, p) =>
    PARTICIPANT_ROLES.includes(v as ParticipantRole)
      ? undefined
      : fail(p, `must be one of ${PARTICIPANT_ROLES.join(', ')}`, 'schema.enum'),
  country: (v, p) =>
    typeof v === 'string' && /^[A-Z]{2}$/.test(v)
      ? undefined
      : fail(p, 'must be an ISO 3166-1 alpha-2 code such as GE', 'schema.pattern'),
  locations: (v, p) => {
    if (!Array.isArray(v) || v.length > MAX_LOCATIONS)
      return fail(p, `must be a list of at most ${MAX_LOCATIONS} UN/LOCODEs`, 'schema.type');
    const bad = v.findIndex((l) => typeof l !== 'string' || !LOCODE.test(l));
    if (bad >= 0) return fail(`${p}/${bad}`, 'must be a UN/LOCODE such as AZBAK', 'schema.pattern');
    if (new Set(v).size !== v.length) return fail(p, 'must not list a location twice', 'schema.uniqueItems');
    return undefined;
  },
  active: (v, p) => (typeof v === 'boolean' ? undefined : fail(p, 'must be true or false', 'schema.type')),
};

function inspect(body: unknown, required: string[], allowed: string[]): Violation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [fail('', 'must be a JSON object', 'schema.type')];
  const b = body as Record<string, unknown>;
  const violations: Violation[] = [];
  for (const key of required)
    if (!(key in b)) violations.push(fail(`/${key}`, 'is required', 'schema.required'));
  for (const [key, value] of Object.entries(b)) {
    if (!allowed.includes(key))
      violations.push(fail(`/${key}`, 'is not allowed', 'schema.additionalProperties'));
    else {
      const v = checks[key](value, `/${key}`);
      if (v) violations.push(v);
    }
  }
  return violations;
}

const CREATE = ['id', 'name', 'role', 'country', 'locations'];

/** Every problem of a `POST /v1/admin/participants` body. */
export const newParticipantViolations = (body: unknown) => inspect(body, CREATE, CREATE);

/** Every problem of a `PATCH /v1/admin/participants/{id}` body: only name, locations and active may change. */
export const participantPatchViolations = (body: unknown) =>
  inspect(body, [], ['name', 'locations', 'active']);
