import { io, type Socket } from 'socket.io-client';
import {
  AnchorReplyMessage,
  type Anchor,
  type AnchorPublicKey,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/sync/protocol';

/**
 * Ask the hub, with this station's token, for its signed copy of the station's chain head (the
 * `anchor` message; decision 0015). One connection, no reconnection; rejects with the reason when the
 * hub cannot be reached, refuses the token, or answers something else.
 */
export async function fetchHubHead(
  url: string,
  token: string,
  options: { ca?: string; timeoutMs?: number } = {},
): Promise<{ anchor: Anchor | null; publicKey: AnchorPublicKey }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    timeout: timeoutMs,
    ...(options.ca !== undefined ? { ca: options.ca, rejectUnauthorized: true } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) =>
        reject(new Error(`the hub refused or could not be reached: ${error.message}`)),
      );
    });
    const raw: unknown = await socket.timeout(timeoutMs).emitWithAck('anchor', {});
    const reply = AnchorReplyMessage.safeParse(raw);
    if (!reply.success) throw new Error('the hub answered the anchor request with something malformed');
    if (!reply.data.ok) {
      const errors = reply.data.errors as Array<{ code?: string; detail?: string }>;
      throw new Error(
        `the hub refused the anchor request: ${errors.map((e) => `${e.code ?? ''} ${e.detail ?? ''}`.trim()).join('; ')}`,
      );
    }
    return { anchor: reply.data.anchor, publicKey: reply.data.publicKey };
  } finally {
    socket.disconnect();
  }
}
