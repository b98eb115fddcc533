/**
 * The fault-injection proxy itself: what passes, what is refused, where a connection is cut.
 * Real sockets on loopback: a byte-counting TCP sink, a TCP source, and an HTTP server.
 */
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

async function proxyTo(port: number, opts: Partial<Parameters<typeof startTcpProxy>[0]> = {}): Promise<TcpProxy> {
  const proxy = await startTcpProxy({ targetPort: port, ...opts });
  closers.unshift(() => proxy.close());
  return proxy;
}

/** A TCP server that counts the bytes each connection sent, reported when the connection ends. */
async function sink(): Promise<{ port: number; received: Promise<number>[] }> {
  const received: Promise<number>[] = [];
  const server = net.createServer((s) => {
    received.push(
      new Promise((resolve) => {
        let n = 0;
        s.on('data', (c: Buffer) => void (n += c.length));
        s.on('error', () => {});
        s.on('close', () => resolve(n));
      }),
    );
  });
  server.on('connection', (s) => closers.push(async () => void s.destroy()));
  return { port: await listen(server), received };
}

/** A TCP server that writes `size` bytes to each connection, then ends it. */
async function source(size: number): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.end(Buffer.alloc(size, 7));
  });
  return listen(server);
}

/** Connects, writes `bytes`, and reads until the connection closes: bytes read and whether it errored. */
function exchangeBytes(port: number, bytes: Buffer | null): Promise<{ read: number; error: string | null }> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let read = 0;
    let error: string | null = null;
    s.on('data', (c: Buffer) => void (read += c.length));
    s.on('error', (e: NodeJS.ErrnoException) => void (error = e.code ?? e.message));
    s.on('close', () => resolve({ read, error }));
    s.on('connect', () => {
      if (bytes !== null) s.write(bytes);
    });
  });
}

async function httpServer(): Promise<{ port: number; handled: () => number }> {
  let handled = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      handled++;
      res.end(JSON.stringify({ path: req.url, n: handled }));
    });
  });
  const port = await listen(server);
  closers.push(async () => void server.closeAllConnections());
  return { port, handled: () => handled };
}

describe('tcp proxy', () => {
  it('passes an HTTP exchange through and counts the bytes', async () => {
    const srv = await httpServer();
    const proxy = await proxyTo(srv.port);
    const res = await fetch(`${proxy.url}/hello`);
    expect(await res.json()).toEqual({ path: '/hello', n: 1 });
    const st = proxy.stats();
    expect(st.connections).toBe(1);
    expect(st.bytesUp).toBeGreaterThan(20);
    expect(st.bytesDown).toBeGreaterThan(20);
    expect(st.resets).toBe(0);
  });

  it('refuses connections while offline, resets kept-alive ones, and passes again afterwards', async () => {
    const srv = await httpServer();
    const proxy = await proxyTo(srv.port);
    const agent = new http.Agent({ keepAlive: true });
    closers.push(async () => agent.destroy());
    const get = () =>
      new Promise<string>((resolve, reject) => {
        http.get(`${proxy.url}/x`, { agent }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => void (body += c.toString()));
          res.on('end', () => resolve(body));
          res.on('error', reject);
        }).on('error', reject);
      });
    await get();
    expect(proxy.stats().connections).toBe(1);
    proxy.setFault({ kind: 'refuse' });
    await expect(fetch(`${proxy.url}/x`)).rejects.toThrow();
    await expect(get()).rejects.toThrow(); // the pooled socket was reset, and a new one is refused
    expect(srv.handled()).toBe(1);
    proxy.setFault({ kind: 'pass' });
    expect(JSON.parse(await get())).toMatchObject({ path: '/x', n: 2 });
  });

  it('a fault set later applies to a kept-alive connection opened before it', async () => {
    const srv = await httpServer();
    const proxy = await proxyTo(srv.port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    closers.push(async () => agent.destroy());
    const post = () =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(`${proxy.url}/v1/messages`, { method: 'POST', agent }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => void (body += c.toString()));
          res.on('end', () => resolve(body));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end('{}');
      });
    await post();
    proxy.setFault({ kind: 'cut', direction: 'down', afterBytes: 0, match: /^POST \/v1\/messages/m, times: 1 });
    await expect(post()).rejects.toThrow();
    expect(proxy.stats().connections).toBe(1); // the cut hit the connection opened before the fault
    expect(srv.handled()).toBe(2);
    expect(JSON.parse(await post())).toMatchObject({ n: 3 });
  });

  it('cuts desk→exchange after exactly N bytes', async () => {
    const s = await sink();
    const proxy = await proxyTo(s.port, { fault: { kind: 'cut', direction: 'up', afterBytes: 1000 } });
    const r = await exchangeBytes(proxy.port, Buffer.alloc(100_000, 1));
    expect(r.error).toBe('ECONNRESET');
    expect(await s.received[0]).toBe(1000);
    expect(proxy.stats().resets).toBe(1);
  });

  it('cuts exchange→desk after exactly N bytes', async () => {
    const port = await source(200_000);
    const proxy = await proxyTo(port, { fault: { kind: 'cut', direction: 'down', afterBytes: 4321 } });
    const r = await exchangeBytes(proxy.port, null);
    expect(r.read).toBe(4321);
    expect(r.error).toBe('ECONNRESET');
  });

  it('cuts only a matching request, after the exchange processed it, and only `times` times', async () => {
    const srv = await httpServer();
    const proxy = await proxyTo(srv.port);
    proxy.setFault({ kind: 'cut', direction: 'down', afterBytes: 0, match: /^POST \/v1\/messages/m, times: 1 });
    expect((await fetch(`${proxy.url}/v1/health`)).ok).toBe(true);
    await expect(fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: '{"a":1}' })).rejects.toThrow();
    expect(srv.handled()).toBe(2); // the exchange got and answered the request; the desk never saw the answer
    const again = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: '{"a":1}' });
    expect(await again.json()).toMatchObject({ n: 3 });
  });

  it('cuts an upload mid-body when matched on its request line', async () => {
    const s = await sink();
    const proxy = await proxyTo(s.port, { fault: { kind: 'cut', direction: 'up', afterBytes: 500, match: /^PATCH /m } });
    const head = Buffer.from('GET /a HTTP/1.1\r\n\r\n');
    const r = await exchangeBytes(proxy.port, Buffer.concat([head, Buffer.from('PATCH /up HTTP/1.1\r\n'), Buffer.alloc(5000, 2)]));
    expect(r.error).toBe('ECONNRESET');
    expect(await s.received[0]).toBe(head.length + 500);
  });

  it('cuts at a seeded random point within the bound, the same points for the same seed', async () => {
    const port = await source(100_000);
    const points = async (seed: number) => {
      const proxy = await proxyTo(port, { fault: { kind: 'cutRandom', direction: 'down', maxBytes: 50_000, seed } });
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await exchangeBytes(proxy.port, null)).read);
      return out;
    };
    const a = await points(42);
    expect(a.every((n) => n >= 1 && n <= 50_000)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(1);
    expect(await points(42)).toEqual(a);
  });

  it('adds latency in both directions', async () => {
    const srv = await httpServer();
    const proxy = await proxyTo(srv.port, { latencyMs: 100 });
    const t0 = performance.now();
    await (await fetch(`${proxy.url}/slow`)).text();
    const slow = performance.now() - t0;
    expect(slow).toBeGreaterThanOrEqual(195); // one way and back
    proxy.setLatency(0);
    const t1 = performance.now();
    await (await fetch(`${proxy.url}/fast`)).text();
    expect(performance.now() - t1).toBeLessThan(slow - 100);
  });

  it('paces a slow link at the given rate, bytes intact and in order, and still cuts exactly', async () => {
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve) => {
      const server = net.createServer((s) => {
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('close', () => resolve());
        s.on('error', () => {});
      });
      void listen(server).then((port) => portReady(port));
    });
    let portReady!: (p: number) => void;
    const port = await new Promise<number>((r) => (portReady = r));
    const proxy = await proxyTo(port, { bytesPerSecond: 1024 * 1024, latencyMs: 5 });
    const data = Buffer.alloc(600 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 10)) & 0xff;
    const t0 = performance.now();
    const s = net.connect({ port: proxy.port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => s.end(data, () => resolve()));
    await done;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(500);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);

    proxy.setFault({ kind: 'cut', direction: 'up', afterBytes: 300_000 });
    const sink2 = await sink();
    proxy.setTarget(sink2.port);
    const r = await exchangeBytes(proxy.port, data);
    expect(r.error).toBe('ECONNRESET');
    expect(await sink2.received[0]).toBe(300_000);
  });

  it('resets the desk side when the exchange is down', async () => {
    const s = await sink();
    const proxy = await proxyTo(s.port);
    const dead = net.createServer();
    const deadPort = await listen(dead);
    await closers.pop()!(); // closed: nothing listens there now
    proxy.setTarget(deadPort);
    const r = await exchangeBytes(proxy.port, Buffer.from('hello'));
    expect(r.error).toBe('ECONNRESET');
  });
});
