import type { Participant } from '@cx/contracts';

/** Who is calling: the admin (admin token) or a participant (one of its API keys). */
export type Caller = { kind: 'admin' } | { kind: 'participant'; participant: Participant; keyId: string };
