import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ExchangeKeyring, signHead } from '@cx/evidence';
import { EvidenceStore } from '@cx/persistence';

/** How often the head is looked at; it is signed when it grew by MAX_ENTRIES, or at least every EVERY_MS. */
const CHECK_MS = 1_000;
const EVERY_MS = 5_000;
const MAX_ENTRIES = 500;

/**
 * Signs the chain's head every few seconds while it grows (sooner under heavy traffic), and records it. An evidence
 * bundle holds the chain from each of its consignment's entries to the nearest such head: these heads bound what a
 * bundle holds to a few seconds of traffic around each entry, and were signed soon after the facts, which a later
 * rewrite of the chain cannot reproduce without the exchange's key.
 */
@Injectable()
export class HeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeadSigner.name);
  private timer?: NodeJS.Timeout;
  private lastSignedAt = 0;

  constructor(
    private readonly evidence: EvidenceStore,
    @Inject(ExchangeKeyring) private readonly keyring: ExchangeKeyring,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.signIfDue(Date.now()).catch((err: unknown) =>
        this.logger.warn(`chain head not signed: ${String(err)}`),
      );
    }, CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Signs the head when it grew by MAX_ENTRIES since the last signed one, or grew at all and EVERY_MS passed. */
  async signIfDue(now: number): Promise<void> {
    const { last, signedSeq } = await this.evidence.heads();
    if (!last || last.seq <= signedSeq) return;
    if (last.seq - signedSeq < MAX_ENTRIES && now - this.lastSignedAt < EVERY_MS) return;
    await this.sign(last);
    this.lastSignedAt = now;
  }

  async signNow(): Promise<void> {
    const { last, signedSeq } = await this.evidence.heads();
    if (last && last.seq > signedSeq) await this.sign(last);
  }

  private async sign(last: { seq: number; hash: string }): Promise<void> {
    const jws = await signHead(this.keyring, {
      seq: last.seq,
      hash: last.hash,
      signedAt: new Date().toISOString(),
    });
    await this.evidence.addHead(last.seq, jws);
  }
}
