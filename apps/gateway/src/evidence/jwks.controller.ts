import { Controller, Get } from '@nestjs/common';
import { Access } from '@cx/auth';
import { ExchangeKeyring, type Jwks } from '@cx/evidence';

/** The exchange's public signing keys, old ones with their validity: what receipts and chain heads verify with. */
@Access('public')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keyring: ExchangeKeyring) {}

  @Get('jwks.json')
  jwks(): Jwks {
    return this.keyring.jwks();
  }
}
