import { SetMetadata } from '@nestjs/common';
import type { Caller } from './caller';

/** Who may call a route: anybody, a participant (one of its API keys), or the admin (the admin token). */
export type Audience = 'public' | 'participant' | 'admin';

/** Metadata key of the audiences a route declares. */
export const ACCESS = 'cx:access';

/**
 * Declares who may call a route (on a handler, or on a controller for all its handlers). Every route of the gateway
 * declares it; one that does not is refused at start-up and, should it ever be served, refused to everybody.
 */
export const Access = (...audiences: [Audience, ...Audience[]]) => SetMetadata(ACCESS, audiences);

/** Whether an authenticated caller is among a route's audiences. */
export function admits(audiences: readonly Audience[], caller: Caller): boolean {
  return audiences.includes(caller.kind);
}
