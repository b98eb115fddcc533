/**
 * Who may call what: one entry per contract method, checked in one place (the services' handler
 * guard, electron/services/auth/guard.ts) for every transport — Electron IPC, the browser-mode host,
 * the CLI and direct calls.
 *
 * - `public`: callable without signing in (the sign-in screen needs these);
 * - `signed_in`: any signed-in user;
 * - a list of roles: a signed-in user with one of them.
 *
 * While no account exists (a fresh desk) every call runs as the OS user (docs/security.md). A method
 * missing from the table is admin-only; test/access.test.ts fails until a new method is listed.
 */
import type { Role } from './auth.ts';

export type Access = 'public' | 'signed_in' | readonly Role[];

const REGISTRARS = ['clerk', 'supervisor'] as const satisfies readonly Role[];
const SUPERVISION = ['supervisor', 'admin'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];

export const METHOD_ACCESS: Readonly<Record<string, Access>> = {
  // accounts
  'auth.status': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.createFirstAdmin': 'public', // refused once any account exists
  'auth.changePassword': 'signed_in',
  'users.list': ADMIN,
  'users.create': ADMIN,
  'users.setRole': ADMIN,
  'users.setDisabled': ADMIN,
  'users.resetPassword': ADMIN,
  // settings: the sign-in screen reads the language and digits
  'settings.get': 'public',
  'settings.update': ADMIN,
  // intake and the register
  'intake.analyse': REGISTRARS,
  'intake.pagePreview': REGISTRARS,
  'intake.rerunOcr': REGISTRARS,
  'registry.register': REGISTRARS,
  'registry.page': 'signed_in',
  'registry.search': 'signed_in',
  'registry.show': 'signed_in',
  'registry.archivalPdf': 'signed_in',
  'registry.label': REGISTRARS,
  'registry.attachContinuation': REGISTRARS,
  // annulment and audit
  'registry.requestAnnulment': REGISTRARS,
  'registry.approveAnnulment': ['supervisor'],
  'registry.refuseAnnulment': ['supervisor'],
  'registry.annulmentRequests': 'signed_in',
  'audit.verify': SUPERVISION,
  // the counterpart directory
  'directory.list': 'signed_in',
  'directory.save': ADMIN,
  // the exchange
  'exchange.status': 'signed_in',
  'exchange.connect': ADMIN,
  'exchange.disconnect': ADMIN,
  'exchange.sync': 'signed_in',
  'inbox.list': 'signed_in',
  'inbox.register': REGISTRARS,
  'inbox.reject': REGISTRARS,
  'inbox.forward': REGISTRARS,
  'inbox.twinCandidates': REGISTRARS,
  'outgoing.send': REGISTRARS,
  'outgoing.status': 'signed_in',
  'duplicates.list': 'signed_in',
  'duplicates.resolve': REGISTRARS,
  // the daily register
  'daily.days': 'signed_in',
  'daily.show': 'signed_in',
  'daily.verify': 'signed_in',
  'daily.seal': ['supervisor'],
  'daily.declareGap': ['supervisor'],
  'daily.export': SUPERVISION,
  // routing and follow-up
  'routing.get': 'signed_in',
  'routing.departments': 'signed_in',
  'routing.overdue': 'signed_in',
  'routing.assign': REGISTRARS,
  'routing.complete': REGISTRARS,
  'routing.linkReply': REGISTRARS,
  'routing.saveDepartments': ADMIN,
  'dashboard.get': 'signed_in',
  // scanners, batches and the watched folder
  'scan.sources': REGISTRARS,
  'scan.settings.get': 'signed_in',
  'scan.settings.update': ADMIN,
  'scan.start': REGISTRARS,
  'scan.status': REGISTRARS,
  'scan.jobs': REGISTRARS,
  'scan.cancel': REGISTRARS,
  // twins: offered to whoever registers; linking or refusing is the clerk's confirmation
  'twins.candidates': REGISTRARS,
  'twins.link': REGISTRARS,
  'twins.refuse': REGISTRARS,
  // the parallel period: the adoption report and the dispatch list of paper copies
  'reports.adoption': SUPERVISION,
  'reports.adoptionExport': SUPERVISION,
  'dispatch.list': 'signed_in',
  'dispatch.markPrinted': REGISTRARS,
  'dispatch.handOver': REGISTRARS,
  'dispatch.recordDelivery': REGISTRARS,
};

/** The access rule of a method; a method not in the table is admin-only. */
export function accessOf(name: string): Access {
  return Object.prototype.hasOwnProperty.call(METHOD_ACCESS, name) ? (METHOD_ACCESS[name] as Access) : ADMIN;
}

/** Whether `role` may call a method with rule `access` (a signed-in user assumed). */
export function roleAllows(access: Access, role: Role): boolean {
  return access === 'public' || access === 'signed_in' || access.includes(role);
}
