/**
 * The exchange benchmark's ceilings: the same kind of work done with plain `fetch` against the same
 * exchange process, with no desk in between (no database, no outbox, no signing, no verification on
 * the desk side). Uses the protocol's own routes (docs/exchange-protocol.md): `PATCH /v1/uploads/{sha256}`
 * in one chunk, `GET /v1/blobs/{sha256}`, `POST /v1/journal`, `GET /v1/journal`.
 */
import type { JournalEvent } from '../../shared/exchange/journal.ts';

export interface PlainDesk {
  /** Base URL of the exchange (no trailing `/v1`). */
  url: string;
  desk: string;
  secret: string;
}

function auth(d: PlainDesk): Record<string, string> {
  return { authorization: `Bearer ${d.desk}.${d.secret}` };
}

async function ok(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/**
 * Uploads one document in a single PATCH (the whole body at offset 0).
 * @throws Error on any answer but 2xx.
 */
export async function plainUpload(d: PlainDesk, sha256: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const res = await fetch(`${d.url}/v1/uploads/${sha256}`, {
    method: 'PATCH',
    headers: {
      ...auth(d),
      'content-type': 'application/octet-stream',
      'upload-offset': '0',
      'upload-length': String(bytes.byteLength),
    },
    body: bytes,
  });
  await (await ok(res, `upload ${sha256}`)).arrayBuffer();
}

/**
 * Downloads one blob whole.
 * @returns its byte length.
 * @throws Error on any answer but 2xx.
 */
export async function plainDownload(d: PlainDesk, sha256: string): Promise<number> {
  const res = await ok(await fetch(`${d.url}/v1/blobs/${sha256}`, { headers: auth(d) }), `download ${sha256}`);
  return (await res.arrayBuffer()).byteLength;
}

/**
 * Pushes events in pages of `page` (the protocol's maximum is 500).
 * @returns how many the exchange accepted.
 */
export async function plainJournalPush(d: PlainDesk, events: JournalEvent[], page = 500): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < events.length; i += page) {
    const res = await fetch(`${d.url}/v1/journal`, {
      method: 'POST',
      headers: { ...auth(d), 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(i, i + page) }),
    });
    const body = (await (await ok(res, 'journal push')).json()) as { accepted: unknown[] };
    accepted += body.accepted.length;
  }
  return accepted;
}

/**
 * Pulls the whole journal of the desk's agency from position 0, pages of `page`.
 * @returns the events in position order.
 */
export async function plainJournalPull(d: PlainDesk, page = 500): Promise<JournalEvent[]> {
  const out: JournalEvent[] = [];
  let after = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const res = await ok(await fetch(`${d.url}/v1/journal?after=${after}&limit=${page}`, { headers: auth(d) }), 'journal pull');
    const body = (await res.json()) as { events: Array<{ position: number; event: JournalEvent }>; next: number };
    for (const e of body.events) out.push(e.event);
    if (body.events.length === 0 || body.next === after) break;
    after = body.next;
  }
  return out;
}
