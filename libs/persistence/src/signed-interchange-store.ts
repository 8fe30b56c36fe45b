import { DataSource, In } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { SignedInterchangeEntity } from './entities/signed-interchange.entity';

/** A signed interchange to keep: its SHA-256, bytes, sender and reception time. */
export interface SignedInterchange {
  sha256: string;
  bytes: Buffer;
  sender: string;
  receivedAt: string;
}

export function signedInterchangeRow(i: SignedInterchange): SignedInterchangeEntity {
  return Object.assign(new SignedInterchangeEntity(), {
    sha256: i.sha256,
    sender: i.sender.slice(0, 64),
    bytes: i.bytes.toString('base64'),
    receivedAt: i.receivedAt,
  });
}

/** The bytes of signed interchanges: kept by the door that accepted them, read for evidence bundles. */
export class SignedInterchangeStore {
  constructor(private readonly ds: DataSource) {}

  /** Keeps them; the same bytes kept twice (a resend, both doors) keep the first row. */
  async keep(interchanges: SignedInterchange[]): Promise<void> {
    await bulkInsert(
      this.ds.manager,
      SignedInterchangeEntity,
      interchanges.map(signedInterchangeRow),
      'ignore',
    );
  }

  /** The bytes of those among `hashes` that are kept, base64, by SHA-256. */
  async byHashes(hashes: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return new Map();
    const rows = await this.ds.getRepository(SignedInterchangeEntity).findBy({ sha256: In(unique) });
    return new Map(rows.map((r) => [r.sha256, r.bytes]));
  }
}
