import type { NewParticipant, ParticipantPatch } from '@cx/contracts';
import { apiViolations } from '../http/api-schemas';

export type { NewParticipant, ParticipantPatch };

/** Every problem of a `POST /v1/admin/participants` body (schemas/api/new-participant.schema.json). */
export const newParticipantViolations = (body: unknown) => apiViolations('NewParticipant', body);

/** Every problem of a `PATCH /v1/admin/participants/{id}` body: only name, locations and active may change. */
export const participantPatchViolations = (body: unknown) => apiViolations('ParticipantPatch', body);
