import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { Access, type Caller } from '@cx/auth';
import type { SigningKey } from '@cx/contracts';
import { readPublicJwk } from '@cx/evidence';
import { SigningKeyStore } from '@cx/persistence';
import { CurrentCaller } from '../auth';
import { isValid } from '../http/api-schemas';
import { problems } from '../problem';

/**
 * Participants' public signing keys: a participant registers, lists and revokes its own; the admin lists and revokes
 * anyone's (a compromised key). Revoked keys stay listed, with their validity, for the signatures made before.
 */
@Controller('v1/signing-keys')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeyStore) {}

  @Access('participant')
  @Post()
  async register(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<SigningKey> {
    if (caller.kind !== 'participant') throw problems.forbidden('Only a participant registers signing keys.');
    const read = isValid('NewSigningKey', body)
      ? await readPublicJwk((body as { jwk: unknown }).jwk)
      : { error: 'must be {"jwk": {…}}, nothing else' };
    if ('error' in read) {
      throw problems.invalid('The signing key is refused.', [
        { path: '/jwk', message: read.error, rule: 'signing-key.jwk' },
      ]);
    }
    const key = {
      ...read,
      participantId: caller.participant.id,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    if (!(await this.keys.register(key)))
      throw problems.conflict(`The key ${key.kid} is registered already.`);
    return key;
  }

  @Access('participant', 'admin')
  @Get()
  async list(@CurrentCaller() caller: Caller): Promise<SigningKey[]> {
    return this.keys.list(caller.kind === 'admin' ? undefined : caller.participant.id);
  }

  @Access('participant', 'admin')
  @Delete(':kid')
  async revoke(@CurrentCaller() caller: Caller, @Param('kid') kid: string): Promise<SigningKey> {
    const key = await this.keys.find(kid);
    if (!key || (caller.kind === 'participant' && key.participantId !== caller.participant.id)) {
      throw problems.notFound(`No signing key ${kid} that you may revoke.`);
    }
    await this.keys.revoke(kid, new Date().toISOString());
    return (await this.keys.find(kid))!;
  }
}
