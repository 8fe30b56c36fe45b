import { Global, Module } from '@nestjs/common';
import { SETTINGS, type Settings } from '@cx/config';
import { ExchangeKeyring, loadOrCreateKeyring } from './exchange-keys';

/** The exchange's signing keys, read (or created) once at start from CX_SIGNING_KEYS_FILE. */
@Global()
@Module({
  providers: [
    {
      provide: ExchangeKeyring,
      inject: [SETTINGS],
      useFactory: (settings: Settings) => loadOrCreateKeyring(settings.signing.keysFile),
    },
  ],
  exports: [ExchangeKeyring],
})
export class KeyringModule {}
