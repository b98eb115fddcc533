/**
 * The calm exchange status in the header: online/offline, items waiting, last sync time, and the
 * progress of a running round. Clicking it syncs now (or opens Settings when the desk is not
 * connected). Offline is a normal state here, never an error dialog (ux.md).
 */
import { useTranslation } from 'react-i18next';
import { formatCount } from '../common/digits.ts';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyShortTime } from '../common/time.ts';
import { useExchangeStatus } from './status-context.tsx';

export function StatusChip({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const { status, syncing: syncingHere, rounds, syncNow } = useExchangeStatus();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  if (!status) return null;

  const syncing = status.syncing || syncingHere;
  const state = !status.configured ? 'notConfigured' : syncing ? 'syncing' : status.online ? 'online' : 'offline';
  const stateText = t(`exchange.chip.${state}`);
  const progress = syncing ? status.progress : null;
  const waitingText = t('exchange.chip.waiting', { count: status.waiting, formatted: formatCount(status.waiting, i18n.language, indic) });
  const lastText = status.lastSyncAt ? t('exchange.chip.lastSync', { time: agencyShortTime(status.lastSyncAt, indic) }) : t('exchange.chip.neverSynced');
  const parts = status.configured ? [stateText, waitingText, lastText] : [stateText];

  return (
    <button
      type="button"
      className={`status-chip ${state}`}
      onClick={() => (status.configured ? void syncNow() : onOpenSettings())}
      disabled={syncing}
      aria-label={t('exchange.chip.label', { state: parts.join(i18n.language === 'ar' ? '، ' : ', ') })}
      title={status.configured ? t('exchange.chip.syncNow') : t('inbox.openSettings')}
      data-testid="exchange-chip"
      data-state={state}
      data-waiting={status.waiting}
      data-rounds={rounds}
    >
      <span className="dot" aria-hidden="true" />
      <span className="chip-state">{stateText}</span>
      {progress && (
        <span className="chip-progress">
          {t(`exchange.chip.phase.${progress.phase}`)}
          {progress.total > 0 && <progress max={progress.total} value={progress.done} aria-hidden="true" />}
        </span>
      )}
      {status.configured && (
        <>
          <span className="chip-sep" aria-hidden="true">
            ·
          </span>
          <span className="chip-waiting" data-testid="exchange-waiting">
            {waitingText}
          </span>
          <span className="chip-sep" aria-hidden="true">
            ·
          </span>
          <bdi className="chip-last">{lastText}</bdi>
        </>
      )}
    </button>
  );
}
