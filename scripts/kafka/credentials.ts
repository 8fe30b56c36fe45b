/**
 * The local broker's principals and their passwords: every client authenticates (SASL SCRAM-SHA-512), and the
 * exchange's super-user credential is generated into `credentials.json` at the first format.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { Layout } from './layout';

/** The exchange's own credential on the local broker: a super user, SCRAM-SHA-512. */
export interface BrokerCredential {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/** The exchange's super user; participants' principals are their ids (upper case), so the names cannot meet. */
export const EXCHANGE_PRINCIPAL = 'cx-exchange';
/** The broker's own principal on its client listener (inter-broker traffic: to itself, on one node). */
export const BROKER_PRINCIPAL = 'cx-broker';
/** The principal the broker presents to its controller listener (SASL PLAIN, a JAAS-configured user). */
export const CONTROLLER_PRINCIPAL = 'cx-controller';

/** Passwords of the three principals, generated once per data folder and kept there (mode 600). */
export interface Credentials {
  exchange: string;
  broker: string;
  controller: string;
}

export function loadCredentials(l: Layout, formatted: boolean): Credentials {
  try {
    return JSON.parse(fs.readFileSync(l.credentialsFile, 'utf8')) as Credentials;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (formatted) {
    throw new Error(
      `${l.dataDirs} was formatted before the local broker was secured and holds no SCRAM credentials for the ` +
        `exchange. Delete ${l.root} to start over with an empty, secured broker.`,
    );
  }
  const secret = () => randomBytes(24).toString('base64url');
  const credentials = { exchange: secret(), broker: secret(), controller: secret() };
  fs.writeFileSync(l.credentialsFile, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}
