import * as path from 'node:path';

/** Where everything a broker writes lives: under `<dataDir>/kafka/` for the single broker. */
export interface Layout {
  root: string;
  dataDirs: string;
  logsDir: string;
  logFile: string;
  stdoutFile: string;
  serverProperties: string;
  log4jProperties: string;
  pidFile: string;
  lockFile: string;
  clusterIdFile: string;
  formattedByFile: string;
  credentialsFile: string;
}

/** The single broker's files: under `<dataDir>/kafka/`. */
export function layoutOf(dataDir: string): Layout {
  return layoutAt(path.join(path.resolve(dataDir), 'kafka'));
}

/** A node's files under `root` (a cluster's nodes share the cluster id and credentials: see cluster.ts). */
export function layoutAt(root: string): Layout {
  const logsDir = path.join(root, 'logs');
  return {
    root,
    dataDirs: path.join(root, 'data'),
    logsDir,
    logFile: path.join(logsDir, 'server.log'),
    stdoutFile: path.join(logsDir, 'jvm.out'),
    serverProperties: path.join(root, 'server.properties'),
    log4jProperties: path.join(root, 'log4j2.properties'),
    pidFile: path.join(root, 'broker.pid'),
    lockFile: path.join(root, 'broker.lock'),
    clusterIdFile: path.join(root, 'cluster.id'),
    formattedByFile: path.join(root, 'formatted-by-version'),
    credentialsFile: path.join(root, 'credentials.json'),
  };
}
