import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Settings } from './settings';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The configured admin token, or in development the one kept in the data folder (generated on first use).
 * Several processes may race on a fresh data folder; the exclusive create makes exactly one of them win.
 */
export function resolveAdminToken(settings: Settings): { token: string; generated: boolean } {
  if (settings.adminToken !== undefined) return { token: settings.adminToken, generated: false };
  const file = path.join(settings.dataDir, ADMIN_TOKEN_FILE);
  fs.mkdirSync(settings.dataDir, { recursive: true });
  const token = `cxadm_${randomBytes(24).toString('base64url')}`;
  try {
    fs.writeFileSync(file, token, { flag: 'wx', mode: 0o600 });
    return { token, generated: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { token: fs.readFileSync(file, 'utf8').trim(), generated: false };
  }
}
