import * as net from 'node:net';
import { BrokerInUseError } from './lock';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with BrokerInUseError, naming the way out, when the broker's client or controller port is taken. */
export async function assertPortsFree(port: number, controllerPort: number): Promise<void> {
  for (const [what, p] of [
    ['port', port],
    ['controller port', controllerPort],
  ] as const) {
    if (!(await portFree(p))) {
      throw new BrokerInUseError(
        `cannot start the local Kafka broker: ${what} 127.0.0.1:${p} is already in use (another Kafka broker?). ` +
          `To use a broker that is already running set KAFKA_BROKERS (e.g. KAFKA_BROKERS=127.0.0.1:${p}); ` +
          'otherwise free the port or choose others with CX_KAFKA_PORT / CX_KAFKA_CONTROLLER_PORT.',
      );
    }
  }
}
