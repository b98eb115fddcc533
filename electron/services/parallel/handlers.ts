/**
 * The parallel period's contract handlers: the adoption report (`reports.adoption`,
 * `reports.adoptionExport`) and the dispatch list of paper copies (`dispatch.*`). Composed into the
 * services facade (../services.ts); access rules in shared/contract/access.ts.
 */
import type { Db } from '../db/open.ts';
import type { Handlers } from '../../../shared/contract/index.ts';
import { buildAdoptionReport } from './adoption.ts';
import { adoptionCsv, adoptionPdf } from './adoption-export.ts';
import { handOver, listDispatch, markPrinted, recordDelivery } from './dispatch.ts';

export type ParallelHandlerName = 'reports.adoption' | 'reports.adoptionExport' | 'dispatch.list' | 'dispatch.markPrinted' | 'dispatch.handOver' | 'dispatch.recordDelivery';

const MEDIA = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;

/** @param o.clock the services' clock; @param o.operator the signed-in user (or the OS user). */
export function createParallelHandlers(db: Db, o: { clock: () => Date; operator: () => string }): Pick<Handlers, ParallelHandlerName> {
  const ctx = () => ({ now: o.clock(), operator: o.operator() });
  return {
    'reports.adoption': async (q) => buildAdoptionReport(db, q, o.clock()),
    'reports.adoptionExport': async ({ from, to, examples, format, lang }) => {
      const report = buildAdoptionReport(db, { from, to, examples }, o.clock());
      const bytes = format === 'csv' ? adoptionCsv(report, lang) : await adoptionPdf(report, lang);
      return { fileName: `adoption-${from}-${to}.${format}`, mediaType: MEDIA[format], dataBase64: Buffer.from(bytes).toString('base64'), byteLength: bytes.byteLength };
    },
    'dispatch.list': async (q) => ({ items: listDispatch(db, q) }),
    'dispatch.markPrinted': async ({ id }) => markPrinted(db, id, ctx()),
    'dispatch.handOver': async (q) => handOver(db, q, ctx()),
    'dispatch.recordDelivery': async (q) => recordDelivery(db, q, ctx()),
  };
}
