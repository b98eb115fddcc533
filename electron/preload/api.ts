/**
 * The renderer's `DeskApi` over Electron IPC: exactly one function per contract method, each invoking
 * the single `desk:call` channel with its name. Written out by name (no loop over the contract) so the
 * sandboxed preload bundle stays tiny — it imports only types — and `satisfies DeskApi` makes a missing
 * or extra method a compile error (api.test.ts also compares the keys with `METHOD_NAMES`).
 * Pure: the preload passes `ipcRenderer.invoke`.
 */
import type { DeskApi, Input, MethodName, Output } from '../../shared/contract/index.ts';
import type { Result } from '../../shared/errors.ts';

/** Sends one call; in the preload this is `ipcRenderer.invoke`. */
export type Invoke = (channel: 'desk:call', name: MethodName, input: unknown) => Promise<unknown>;

/** @returns the API object exposed as `window.desk`; its functions resolve to `Result`s, never reject for app errors. */
export function createDeskApi(invoke: Invoke) {
  const call = <K extends MethodName>(name: K, input: Input<K>) =>
    invoke('desk:call', name, input) as Promise<Result<Output<K>>>;
  return {
    'intake.analyse': (input) => call('intake.analyse', input),
    'intake.pagePreview': (input) => call('intake.pagePreview', input),
    'intake.rerunOcr': (input) => call('intake.rerunOcr', input),
    'registry.register': (input) => call('registry.register', input),
    'registry.page': (input) => call('registry.page', input),
    'registry.search': (input) => call('registry.search', input),
    'registry.show': (input) => call('registry.show', input),
    'registry.archivalPdf': (input) => call('registry.archivalPdf', input),
    'registry.label': (input) => call('registry.label', input),
    'registry.attachContinuation': (input) => call('registry.attachContinuation', input),
    'directory.list': (input) => call('directory.list', input),
    'directory.save': (input) => call('directory.save', input),
    'settings.get': (input) => call('settings.get', input),
    'settings.update': (input) => call('settings.update', input),
    'auth.status': (input) => call('auth.status', input),
    'auth.signIn': (input) => call('auth.signIn', input),
    'auth.signOut': (input) => call('auth.signOut', input),
    'auth.createFirstAdmin': (input) => call('auth.createFirstAdmin', input),
    'auth.changePassword': (input) => call('auth.changePassword', input),
    'users.list': (input) => call('users.list', input),
    'users.create': (input) => call('users.create', input),
    'users.setRole': (input) => call('users.setRole', input),
    'users.setDisabled': (input) => call('users.setDisabled', input),
    'users.resetPassword': (input) => call('users.resetPassword', input),
    'registry.requestAnnulment': (input) => call('registry.requestAnnulment', input),
    'registry.approveAnnulment': (input) => call('registry.approveAnnulment', input),
    'registry.refuseAnnulment': (input) => call('registry.refuseAnnulment', input),
    'registry.annulmentRequests': (input) => call('registry.annulmentRequests', input),
    'audit.verify': (input) => call('audit.verify', input),
    'daily.show': (input) => call('daily.show', input),
    'daily.seal': (input) => call('daily.seal', input),
    'daily.verify': (input) => call('daily.verify', input),
    'daily.declareGap': (input) => call('daily.declareGap', input),
    'daily.export': (input) => call('daily.export', input),
    'daily.days': (input) => call('daily.days', input),
    'routing.departments': (input) => call('routing.departments', input),
    'routing.saveDepartments': (input) => call('routing.saveDepartments', input),
    'routing.get': (input) => call('routing.get', input),
    'routing.assign': (input) => call('routing.assign', input),
    'routing.complete': (input) => call('routing.complete', input),
    'routing.overdue': (input) => call('routing.overdue', input),
    'routing.linkReply': (input) => call('routing.linkReply', input),
    'dashboard.get': (input) => call('dashboard.get', input),
    'exchange.status': (input) => call('exchange.status', input),
    'exchange.connect': (input) => call('exchange.connect', input),
    'exchange.disconnect': (input) => call('exchange.disconnect', input),
    'exchange.sync': (input) => call('exchange.sync', input),
    'inbox.list': (input) => call('inbox.list', input),
    'inbox.register': (input) => call('inbox.register', input),
    'inbox.reject': (input) => call('inbox.reject', input),
    'inbox.forward': (input) => call('inbox.forward', input),
    'inbox.twinCandidates': (input) => call('inbox.twinCandidates', input),
    'outgoing.send': (input) => call('outgoing.send', input),
    'outgoing.status': (input) => call('outgoing.status', input),
    'duplicates.list': (input) => call('duplicates.list', input),
    'duplicates.resolve': (input) => call('duplicates.resolve', input),
    'scan.sources': (input) => call('scan.sources', input),
    'scan.settings.get': (input) => call('scan.settings.get', input),
    'scan.settings.update': (input) => call('scan.settings.update', input),
    'scan.start': (input) => call('scan.start', input),
    'scan.status': (input) => call('scan.status', input),
    'scan.jobs': (input) => call('scan.jobs', input),
    'scan.cancel': (input) => call('scan.cancel', input),
    'twins.candidates': (input) => call('twins.candidates', input),
    'twins.link': (input) => call('twins.link', input),
    'twins.refuse': (input) => call('twins.refuse', input),
    'reports.adoption': (input) => call('reports.adoption', input),
    'reports.adoptionExport': (input) => call('reports.adoptionExport', input),
    'dispatch.list': (input) => call('dispatch.list', input),
    'dispatch.markPrinted': (input) => call('dispatch.markPrinted', input),
    'dispatch.handOver': (input) => call('dispatch.handOver', input),
    'dispatch.recordDelivery': (input) => call('dispatch.recordDelivery', input),
  } satisfies DeskApi;
}
