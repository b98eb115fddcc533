/**
 * A small eSCL scanner for tests, on 127.0.0.1 and a free port: it answers ScannerCapabilities and
 * ScannerStatus, accepts ScanJobs (recording the ScanSettings it was sent), serves the given pages
 * from NextDocument (after one 503 "busy" answer, as real scanners do while warming up), then 404, and
 * records DELETEs. It follows the published eSCL message shapes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export interface EsclServer {
  url: string; // e.g. http://127.0.0.1:12345/eSCL
  jobs: Array<{ id: string; settings: Record<string, unknown>; deleted: boolean; served: number }>;
  close(): Promise<void>;
}

const CAPS = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>Test Scanner 3000</pwg:MakeAndModel>
  <scan:Platen><scan:PlatenInputCaps>
    <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth><scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
    <scan:SettingProfiles><scan:SettingProfile>
      <scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>application/pdf</pwg:DocumentFormat><scan:DocumentFormatExt>image/png</scan:DocumentFormatExt></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:DiscreteResolutions>
        <scan:DiscreteResolution><scan:XResolution>150</scan:XResolution><scan:YResolution>150</scan:YResolution></scan:DiscreteResolution>
        <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
      </scan:DiscreteResolutions></scan:SupportedResolutions>
    </scan:SettingProfile></scan:SettingProfiles>
  </scan:PlatenInputCaps></scan:Platen>
  <scan:Adf><scan:AdfSimplexInputCaps>
    <scan:SettingProfiles><scan:SettingProfile>
      <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><scan:DocumentFormatExt>image/png</scan:DocumentFormatExt></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:DiscreteResolutions>
        <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
      </scan:DiscreteResolutions></scan:SupportedResolutions>
    </scan:SettingProfile></scan:SettingProfiles>
  </scan:AdfSimplexInputCaps></scan:Adf>
</scan:ScannerCapabilities>`;

const STATUS = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version><pwg:State>Idle</pwg:State><scan:AdfState>ScannerAdfLoaded</scan:AdfState>
</scan:ScannerStatus>`;

/**
 * Starts the scanner.
 * @param pages the documents NextDocument serves, in order (bytes and content type).
 * @param opts `pageDelayMs`: wait before each page (to cancel mid-job).
 */
export async function startEsclServer(pages: Array<{ bytes: Uint8Array; type: string }>, opts: { pageDelayMs?: number } = {}): Promise<EsclServer> {
  const parser = new XMLParser({ removeNSPrefix: true });
  const jobs: EsclServer['jobs'] = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const xml = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(body);
      };
      if (req.method === 'GET' && url === '/eSCL/ScannerCapabilities') return xml(200, CAPS);
      if (req.method === 'GET' && url === '/eSCL/ScannerStatus') return xml(200, STATUS);
      if (req.method === 'POST' && url === '/eSCL/ScanJobs') {
        const settings = (parser.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, Record<string, unknown>>)['ScanSettings'] ?? {};
        const id = `job-${next++}`;
        jobs.push({ id, settings, deleted: false, served: -1 });
        res.writeHead(201, { location: `/eSCL/ScanJobs/${id}` }); // a relative location, as some scanners send
        return res.end();
      }
      const m = /^\/eSCL\/ScanJobs\/([\w-]+)(\/NextDocument)?$/.exec(url);
      const job = m ? jobs.find((j) => j.id === m[1]) : undefined;
      if (job && req.method === 'DELETE' && !m![2]) {
        job.deleted = true;
        res.writeHead(200);
        return res.end();
      }
      if (job && req.method === 'GET' && m![2]) {
        if (job.deleted) return void res.writeHead(404).end();
        if (job.served === -1) {
          job.served = 0;
          res.writeHead(503, { 'retry-after': '1' });
          return res.end();
        }
        const page = pages[job.served];
        if (!page) return void res.writeHead(404).end();
        setTimeout(() => {
          if (job.deleted) return void res.writeHead(404).end();
          job.served += 1;
          res.writeHead(200, { 'content-type': page.type, 'content-length': String(page.bytes.byteLength) });
          res.end(page.bytes);
        }, opts.pageDelayMs ?? 0);
        return undefined;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/eSCL`,
    jobs,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
