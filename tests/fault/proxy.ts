import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that can cut every link through it (both ends destroyed, as when a
 * cable or a radio link drops) and refuse new links for a while (the network stays down).
 */
export async function startFaultProxy(targetPort: number) {
  const pairs = new Set<[Socket, Socket]>();
  let downUntil = 0;
  let cuts = 0;
  const server = createServer((inbound) => {
    if (Date.now() < downUntil) {
      inbound.destroy();
      return;
    }
    const outbound = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** Cut every open link now and keep the network down for `downMs`. Returns the links cut. */
    cut(downMs = 0): number {
      cuts += 1;
      downUntil = Date.now() + downMs;
      const n = pairs.size;
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
      return n;
    },
    cuts: () => cuts,
    openLinks: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
