import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ExchangeKeyring, signHead } from '@cx/evidence';
import { EvidenceStore } from '@cx/persistence';

const EVERY_MS = 60_000;

/**
 * Signs the chain's head once a minute when it has grown, and records it: a bundle then carries, beside the head
 * signed on demand, the nearest head signed soon after its consignment's entries, which a later rewrite of the chain
 * cannot reproduce without the exchange's key.
 */
@Injectable()
export class HeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeadSigner.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly evidence: EvidenceStore,
    @Inject(ExchangeKeyring) private readonly keyring: ExchangeKeyring,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.signNow().catch((err: unknown) => this.logger.warn(`chain head not signed: ${String(err)}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async signNow(): Promise<void> {
    const { last, signedSeq } = await this.evidence.heads();
    if (!last || last.seq <= signedSeq) return;
    const jws = await signHead(this.keyring, {
      seq: last.seq,
      hash: last.hash,
      signedAt: new Date().toISOString(),
    });
    await this.evidence.addHead(last.seq, jws);
  }
}
