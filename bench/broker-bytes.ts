import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Bytes in the broker's log segments of the topics under a prefix: what the records cost on disk, record batch
 * overhead, headers and transaction markers included (indexes left out: preallocated, not written per record).
 */
export function logBytes(dataDirs: string, topicPrefix: string): number {
  let total = 0;
  for (const dir of fs.readdirSync(dataDirs)) {
    if (!dir.startsWith(topicPrefix)) continue;
    for (const file of fs.readdirSync(path.join(dataDirs, dir)))
      if (file.endsWith('.log')) total += fs.statSync(path.join(dataDirs, dir, file)).size;
  }
  return total;
}
