import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { SigningKeysController } from './signing-keys.controller';

/** Signing keys (the participants' and the exchange's). Evidence bundles are served with the consignments. */
@Module({ controllers: [SigningKeysController, JwksController] })
export class EvidenceModule {}
