/**
 * Settings (Alt+9): the exchange connection of this desk, then the desk's general settings.
 */
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/contract/index.ts';
import { ExchangeConnection } from './ExchangeConnection.tsx';
import { GeneralSettings } from './GeneralSettings.tsx';

interface Props {
  onSettingsSaved: (settings: Settings) => void;
}

export function SettingsScreen({ onSettingsSaved }: Props) {
  const { t } = useTranslation();
  return (
    <section className="settings" aria-labelledby="settings-heading" data-testid="settings-screen">
      <div className="screen-head">
        <h2 id="settings-heading" tabIndex={-1} data-screen-heading>
          {t('settings.heading')}
        </h2>
      </div>
      <div className="settings-grid">
        <div className="panel">
          <ExchangeConnection />
        </div>
        <div className="panel">
          <GeneralSettings onSaved={onSettingsSaved} />
        </div>
      </div>
    </section>
  );
}
