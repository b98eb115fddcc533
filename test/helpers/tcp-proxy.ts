/**
 * A TCP proxy for fault injection between desks and the exchange, on 127.0.0.1 port 0.
 *
 * Desks talk to `proxy.url` instead of the exchange; the proxy forwards bytes both ways and, by its
 * current fault, can:
 * - `pass`: forward everything (optionally with latency);
 * - `refuse`: the exchange is unreachable: every connection is reset as soon as it is accepted, and
 *   connections already open are reset when the fault is set (keep-alive pools go stale too);
 * - `cut`: reset a connection after `afterBytes` bytes in one direction (`up` = desk → exchange,
 *   `down` = exchange → desk). With `match`, only a connection whose desk→exchange bytes match the
 *   regular expression (tested on each chunk as latin1 text, e.g. `/^PATCH \/v1\/uploads/m`) is armed,
 *   and bytes are counted from the start of the match (`up`) or from the first answer byte after it
 *   (`down`). `afterBytes: 0` with `down` cuts a request after the exchange processed it and before
 *   the desk reads the answer. `times` cuts at most that many connections, then passes (default: all);
 * - `cutRandom`: reset every connection at a random point in `[1, maxBytes]` bytes of one direction
 *   (or the first of the two to reach it, `either`); seeded, so a failing run can be replayed.
 *
 * Latency (`latencyMs`) delays every chunk in both directions, preserving order.
 *
 * A reset is a TCP RST (`resetAndDestroy`) on the desk side and a destroy on the exchange side, which is
 * what a dropped network or a killed process looks like to both.
 */
import net from 'node:net';

export type ProxyFault =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'cut'; direction: 'up' | 'down'; afterBytes: number; match?: RegExp; times?: number }
  | { kind: 'cutRandom'; direction: 'up' | 'down' | 'either'; maxBytes: number; seed?: number };

export interface ProxyStats {
  /** Connections accepted from desks. */
  connections: number;
  /** Connections the proxy reset (refused or cut). */
  resets: number;
  /** Bytes forwarded desk → exchange and exchange → desk. */
  bytesUp: number;
  bytesDown: number;
}

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: the exchange URL to give desks. */
  url: string;
  port: number;
  /** Changes the fault for new data (and resets open connections for `refuse`). */
  setFault(fault: ProxyFault): void;
  /** Delay added to every chunk in both directions, milliseconds (0 = none). */
  setLatency(ms: number): void;
  /** Points the proxy at another upstream port (an exchange restarted on a new port). */
  setTarget(port: number, host?: string): void;
  /** Resets every open connection now. */
  resetAll(): void;
  stats(): ProxyStats;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** The exchange's port on `targetHost` (default 127.0.0.1). */
  targetPort: number;
  targetHost?: string;
  fault?: ProxyFault;
  latencyMs?: number;
}

/** mulberry32: a small seeded PRNG, returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Torn down. */
  closed: boolean;
  /** A cut is under way: no more bytes are forwarded. */
  cutting: boolean;
}

/**
 * Starts a proxy to `127.0.0.1:targetPort`.
 * @returns the running proxy; `close()` stops listening and resets every connection.
 */
export async function startTcpProxy(opts: ProxyOptions): Promise<TcpProxy> {
  let fault: ProxyFault = opts.fault ?? { kind: 'pass' };
  let latencyMs = opts.latencyMs ?? 0;
  let targetPort = opts.targetPort;
  let targetHost = opts.targetHost ?? '127.0.0.1';
  let cutsLeft = Infinity;
  let random = seededRandom(1);
  const pairs = new Set<Pair>();
  const stats: ProxyStats = { connections: 0, resets: 0, bytesUp: 0, bytesDown: 0 };

  function applyFault(f: ProxyFault): void {
    fault = f;
    cutsLeft = f.kind === 'cut' && f.times !== undefined ? f.times : Infinity;
    if (f.kind === 'cutRandom') random = seededRandom(f.seed ?? 1);
    if (f.kind === 'refuse') resetAll();
  }
  applyFault(fault);

  function reset(pair: Pair): void {
    if (pair.closed) return;
    pair.closed = true;
    stats.resets++;
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  }

  function resetAll(): void {
    for (const p of [...pairs]) reset(p);
  }

  const server = net.createServer((client) => {
    stats.connections++;
    if (fault.kind === 'refuse') {
      stats.resets++;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ port: targetPort, host: targetHost });
    const pair: Pair = { client, upstream, closed: false, cutting: false };
    pairs.add(pair);
    client.on('error', () => reset(pair));
    upstream.on('error', () => reset(pair));
    client.on('close', () => {
      if (!pair.closed) {
        pair.closed = true;
        upstream.destroy();
        pairs.delete(pair);
      }
    });
    upstream.on('close', () => {
      if (!pair.closed) {
        // The exchange closed (or died): end the desk side gracefully once queued bytes are written.
        pair.closed = true;
        client.end();
        pairs.delete(pair);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());

    // Per-connection fault state, fixed when the connection opens.
    const f = fault;
    let limitUp = Infinity;
    let limitDown = Infinity;
    let armedUp = false; // counting desk→exchange bytes
    let armedDown = false; // counting exchange→desk bytes
    let countUp = 0;
    let countDown = 0;
    let armsThisConnection = false;
    if (f.kind === 'cut' && cutsLeft > 0) {
      armsThisConnection = true;
      if (f.direction === 'up') limitUp = f.afterBytes;
      else limitDown = f.afterBytes;
      if (f.match === undefined) {
        armedUp = f.direction === 'up';
        armedDown = f.direction === 'down';
        cutsLeft--;
      }
    } else if (f.kind === 'cutRandom') {
      const at = 1 + Math.floor(random() * Math.max(1, f.maxBytes));
      if (f.direction !== 'down') limitUp = at;
      if (f.direction !== 'up') limitDown = at;
      armedUp = f.direction !== 'down';
      armedDown = f.direction !== 'up';
    }

    function send(to: net.Socket, chunk: Buffer): void {
      if (latencyMs > 0) {
        setTimeout(() => {
          if (!pair.closed && !pair.cutting && !to.destroyed) to.write(chunk);
        }, latencyMs);
      } else if (!to.write(chunk)) {
        const from = to === upstream ? client : upstream;
        from.pause();
        to.once('drain', () => from.resume());
      }
    }

    client.on('data', (chunk: Buffer) => {
      if (pair.closed || pair.cutting) return;
      let start = 0;
      if (armsThisConnection && f.kind === 'cut' && f.match !== undefined && !armedUp && !armedDown && cutsLeft > 0) {
        const m = f.match.exec(chunk.toString('latin1'));
        if (m !== null) {
          cutsLeft--;
          if (f.direction === 'up') {
            armedUp = true;
            start = m.index;
          } else {
            armedDown = true;
          }
        }
      }
      if (armedUp) {
        const counted = chunk.length - start;
        if (countUp + counted >= limitUp) {
          const pass = start + (limitUp - countUp);
          if (pass > 0) {
            stats.bytesUp += pass;
            upstream.write(chunk.subarray(0, pass));
          }
          // Let the bytes leave before the reset, so the exchange sees exactly `afterBytes`.
          pair.cutting = true;
          client.pause();
          setTimeout(() => reset(pair), latencyMs + 20);
          return;
        }
        countUp += counted;
      }
      stats.bytesUp += chunk.length;
      send(upstream, chunk);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (pair.closed || pair.cutting) return;
      if (armedDown) {
        if (countDown + chunk.length >= limitDown) {
          const pass = limitDown - countDown;
          pair.cutting = true;
          upstream.pause();
          if (pass > 0) {
            stats.bytesDown += pass;
            client.write(chunk.subarray(0, pass), () => setTimeout(() => reset(pair), latencyMs + 20));
          } else {
            reset(pair);
          }
          return;
        }
        countDown += chunk.length;
      }
      stats.bytesDown += chunk.length;
      send(client, chunk);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFault: applyFault,
    setLatency: (ms) => void (latencyMs = ms),
    setTarget: (p, host) => {
      targetPort = p;
      if (host !== undefined) targetHost = host;
    },
    resetAll,
    stats: () => ({ ...stats }),
    close: async () => {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
