import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One WebSocket text frame passing the proxy: which way, and its text (engine.io + socket.io packet). */
export interface PassingFrame {
  /** toStation: from the hub to a station; toHub: from a station to the hub. */
  direction: 'toStation' | 'toHub';
  /** E.g. `42["events",{…}]` for a live batch, `43…` for a reply, `2`/`3` for a heartbeat. */
  text: string;
}

/**
 * Passes one direction of a WebSocket connection through, frame by frame once past the HTTP upgrade,
 * so that a whole frame can be left out while the connection stays open and well-formed: bytes lost
 * inside a live link that neither end notices.
 */
function frameFilter(
  direction: PassingFrame['direction'],
  drop: () => ((f: PassingFrame) => boolean) | null,
  onDrop: () => void,
) {
  let upgraded = false;
  let buffer: Buffer = Buffer.alloc(0);
  return (chunk: Buffer, forward: (b: Buffer) => void) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      forward(buffer.subarray(0, end + 4));
      buffer = buffer.subarray(end + 4);
      upgraded = true;
    }
    for (;;) {
      if (buffer.length < 2) return;
      const b0 = buffer[0];
      const b1 = buffer[1];
      const masked = (b1 & 0x80) !== 0;
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskAt = offset;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const frame = buffer.subarray(0, offset + length);
      buffer = buffer.subarray(offset + length);
      const wanted = drop();
      // Only whole, uncompressed text frames are candidates (control frames and fragments pass).
      const fin = (b0 & 0x80) !== 0;
      const compressed = (b0 & 0x40) !== 0;
      if (wanted && fin && !compressed && (b0 & 0x0f) === 1) {
        const payload = Buffer.from(frame.subarray(offset));
        if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] ^= frame[maskAt + (i % 4)];
        if (wanted({ direction, text: payload.toString('utf8') })) {
          onDrop();
          continue;
        }
      }
      forward(frame);
    }
  };
}

/**
 * A TCP proxy on 127.0.0.1 that can cut every link through it (both ends destroyed, as when a
 * cable or a radio link drops), refuse new links for a while (the network stays down), and drop
 * whole WebSocket frames inside a live link while keeping it open (`dropFrames`).
 */
export async function startFaultProxy(targetPort: number) {
  const pairs = new Set<[Socket, Socket]>();
  let downUntil = 0;
  let cuts = 0;
  let dropped = 0;
  let dropping: ((f: PassingFrame) => boolean) | null = null;
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
    const toHub = frameFilter(
      'toHub',
      () => dropping,
      () => (dropped += 1),
    );
    const toStation = frameFilter(
      'toStation',
      () => dropping,
      () => (dropped += 1),
    );
    inbound.on('data', (chunk: Buffer) => toHub(chunk, (b) => outbound.write(b)));
    outbound.on('data', (chunk: Buffer) => toStation(chunk, (b) => inbound.write(b)));
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
    /** From now on leave out every whole text frame `which` picks, the links staying open; null to stop. */
    dropFrames(which: ((f: PassingFrame) => boolean) | null): void {
      dropping = which;
    },
    /** Frames left out so far. */
    dropped: () => dropped,
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
