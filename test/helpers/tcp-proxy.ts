/**
 * A TCP proxy for fault injection between desks and the exchange, on 127.0.0.1 port 0.
 *
 * Desks talk to `proxy.url` instead of the exchange; the proxy forwards bytes both ways and, by its
 * current fault, can:
 * - `pass`: forward everything (optionally with latency);
 * - `refuse`: the exchange is unreachable: every connection is reset as soon as it is accepted, and
 *   connections already open are reset when the fault is set (keep-alive pools go stale too);
 * - `cut`: reset a connection (open or new, from its next bytes on) after `afterBytes` bytes in one direction (`up` = desk → exchange,
 *   `down` = exchange → desk). With `match`, only a connection whose desk→exchange bytes match the
 *   regular expression (tested on each chunk as latin1 text, e.g. `/^PATCH \/v1\/uploads/m`) is armed,
 *   and bytes are counted from the start of the match (`up`) or from the first answer byte after it
 *   (`down`). `afterBytes: 0` with `down` cuts a request after the exchange processed it and before
 *   the desk reads the answer. `times` cuts at most that many connections, then passes (default: all);
 * - `cutRandom`: reset every connection at a random point in `[1, maxBytes]` bytes of one direction
 *   (or the first of the two to reach it, `either`); seeded, so a failing run can be replayed.
 *
 * Latency (`latencyMs`) delays every chunk in both directions; a rate limit (`bytesPerSecond`, per
 * direction and connection) paces them like a slow link, pausing the sender while over a small
 * buffer. Order is always preserved (one queue per direction).
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
  /** Pace each direction of each connection at this many bytes per second (0 = unlimited). */
  setRate(bytesPerSecond: number): void;
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
  bytesPerSecond?: number;
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
  let rate = opts.bytesPerSecond ?? 0;
  let targetPort = opts.targetPort;
  let targetHost = opts.targetHost ?? '127.0.0.1';
  let cutsLeft = Infinity;
  let random = seededRandom(1);
  const pairs = new Set<Pair>();
  const stats: ProxyStats = { connections: 0, resets: 0, bytesUp: 0, bytesDown: 0 };

  /** Bumped by every setFault: connections pick the new fault up on their next bytes. */
  let generation = 0;
  function applyFault(f: ProxyFault): void {
    generation++;
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
    // No Nagle: the proxy must not add its own delays (it would hold small writes for delayed ACKs).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair: Pair = { client, upstream, closed: false, cutting: false };
    pairs.add(pair);
    client.on('error', () => reset(pair));
    upstream.on('error', () => reset(pair));
    // One side closed: let the bytes already queued towards the other side leave, then close it too.
    const closeAfterQueue = (to: net.Socket): void => {
      if (pair.closed || pair.cutting) return;
      const q = queues.get(to);
      if (q !== undefined && q.items.length > 0) {
        setTimeout(() => closeAfterQueue(to), Math.max(1, q.nextFree + latencyMs - performance.now()));
        return;
      }
      pair.closed = true;
      to.end();
      pairs.delete(pair);
    };
    client.on('close', () => closeAfterQueue(upstream));
    upstream.on('close', () => closeAfterQueue(client));

    // Per-connection fault state, (re)made from the current fault on the first bytes after it was set,
    // so kept-alive connections opened before a fault are subject to it too.
    let gen = -1;
    let f: ProxyFault = fault;
    let limitUp = Infinity;
    let limitDown = Infinity;
    let armedUp = false; // counting desk→exchange bytes
    let armedDown = false; // counting exchange→desk bytes
    let countUp = 0;
    let countDown = 0;
    let armsThisConnection = false;
    function refresh(): void {
      if (gen === generation) return;
      gen = generation;
      f = fault;
      limitUp = limitDown = Infinity;
      armedUp = armedDown = armsThisConnection = false;
      countUp = countDown = 0;
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
    }

    /** One paced queue per direction: chunks leave in order at their due time. */
    const queues = new Map<net.Socket, { items: Array<{ due: number; chunk: Buffer }>; nextFree: number; pending: number; timer: NodeJS.Timeout | null }>();
    function pump(to: net.Socket, from: net.Socket): void {
      const q = queues.get(to)!;
      q.timer = null;
      const now = performance.now();
      while (q.items.length > 0 && q.items[0]!.due <= now + 1) {
        const { chunk } = q.items.shift()!;
        q.pending -= chunk.length;
        if (!pair.closed && !to.destroyed) to.write(chunk);
      }
      if (q.pending < 64 * 1024 && from.isPaused() && !pair.cutting) from.resume();
      if (q.items.length > 0) q.timer = setTimeout(() => pump(to, from), Math.max(1, q.items[0]!.due - now));
    }
    function send(to: net.Socket, chunk: Buffer): void {
      const from = to === upstream ? client : upstream;
      let q = queues.get(to);
      if (latencyMs === 0 && rate === 0 && (q === undefined || q.items.length === 0)) {
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => {
            if (!pair.cutting) from.resume();
          });
        }
        return;
      }
      if (q === undefined) {
        q = { items: [], nextFree: 0, pending: 0, timer: null };
        queues.set(to, q);
      }
      const now = performance.now();
      const start = Math.max(now, q.nextFree);
      q.nextFree = rate > 0 ? start + (chunk.length / rate) * 1000 : start;
      q.items.push({ due: q.nextFree + latencyMs, chunk });
      q.pending += chunk.length;
      if (q.pending > 256 * 1024) from.pause();
      if (q.timer === null) q.timer = setTimeout(() => pump(to, from), Math.max(1, q.items[0]!.due - now));
    }

    /**
     * Forwards the last `rest` bytes towards `to`, stops reading both sides, and resets the pair once
     * every queued byte has left (so the other side sees exactly the bytes before the cut).
     */
    function cutAfter(to: net.Socket, rest: Buffer): void {
      if (rest.length > 0) send(to, rest);
      pair.cutting = true;
      client.pause();
      upstream.pause();
      const whenFlushed = (): void => {
        const q = queues.get(to);
        if (q !== undefined && q.items.length > 0) {
          setTimeout(whenFlushed, Math.max(1, q.nextFree + latencyMs - performance.now()));
        } else if (to.writableLength > 0) {
          setTimeout(whenFlushed, 5);
        } else {
          setTimeout(() => reset(pair), 20); // let the kernel deliver them before the reset
        }
      };
      whenFlushed();
    }

    /** Half-closes `to` once every queued byte towards it has left. */
    function endAfterQueue(to: net.Socket): void {
      const q = queues.get(to);
      if (q !== undefined && q.items.length > 0) setTimeout(() => endAfterQueue(to), Math.max(1, q.nextFree + latencyMs - performance.now()));
      else if (!pair.cutting) to.end();
    }
    client.on('end', () => endAfterQueue(upstream));
    upstream.on('end', () => endAfterQueue(client));

    client.on('data', (chunk: Buffer) => {
      if (pair.closed || pair.cutting) return;
      refresh();
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
          stats.bytesUp += pass;
          cutAfter(upstream, chunk.subarray(0, pass));
          return;
        }
        countUp += counted;
      }
      stats.bytesUp += chunk.length;
      send(upstream, chunk);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (pair.closed || pair.cutting) return;
      refresh();
      if (armedDown) {
        if (countDown + chunk.length >= limitDown) {
          const pass = limitDown - countDown;
          stats.bytesDown += pass;
          cutAfter(client, chunk.subarray(0, pass));
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
    setRate: (bps) => void (rate = bps),
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
