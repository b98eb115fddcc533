/**
 * The dashboard (Alt+7) and the outgoing screen (Alt+4) with their parallel-period views as tabs:
 * the dashboard gains the counterpart directory and, for supervisors and admins, the adoption report;
 * the outgoing screen gains the dispatch list of paper copies. The outgoing form stays mounted while
 * another view is shown (a letter being prepared is kept).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../accounts/session.tsx';
import { DashboardScreen } from '../dashboard/DashboardScreen.tsx';
import { AdoptionPanel } from './AdoptionPanel.tsx';
import { CounterpartsPanel } from './CounterpartsPanel.tsx';
import { DispatchPanel } from './DispatchPanel.tsx';
import { ScreenTabs, type TabDef } from './ScreenTabs.tsx';
import '../styles/parallel.css';

type DashboardTab = 'overview' | 'counterparts' | 'adoption';

export function DashboardTabs({ onOpenRecord }: { onOpenRecord: (registryNumber: string, register: string | null) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [tab, setTab] = useState<DashboardTab>('overview');
  const tabs: Array<TabDef<DashboardTab>> = [
    { key: 'overview', label: t('tabs.overview'), testId: 'tab-overview' },
    { key: 'counterparts', label: t('tabs.counterparts'), testId: 'tab-counterparts' },
    ...(can('reports.adoption') ? [{ key: 'adoption' as const, label: t('tabs.adoption'), testId: 'tab-adoption' }] : []),
  ];
  const current = tabs.some((x) => x.key === tab) ? tab : 'overview';
  return (
    <div className="tabbed-screen">
      <ScreenTabs tabs={tabs} current={current} onSelect={setTab} active idBase="dashboard" />
      <div id="dashboard-panel" role="tabpanel" aria-labelledby={`dashboard-tab-${current}`}>
        {current === 'overview' && <DashboardScreen />}
        {current === 'counterparts' && <CounterpartsPanel />}
        {current === 'adoption' && <AdoptionPanel onOpenRecord={onOpenRecord} />}
      </div>
    </div>
  );
}

type OutgoingTab = 'send' | 'paperCopies';

/** @param children renders the outgoing form; it receives whether the form is the shown view. */
export function OutgoingTabs({ active, onOpenRecord, children }: { active: boolean; onOpenRecord: (registryNumber: string, register: string | null) => void; children: (formActive: boolean) => ReactNode }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<OutgoingTab>('send');
  const tabs: Array<TabDef<OutgoingTab>> = [
    { key: 'send', label: t('tabs.send'), testId: 'tab-send' },
    { key: 'paperCopies', label: t('tabs.paperCopies'), testId: 'tab-paper-copies' },
  ];
  return (
    <div className="tabbed-screen">
      <ScreenTabs tabs={tabs} current={tab} onSelect={setTab} active={active} idBase="outgoing" />
      <div id="outgoing-panel" role="tabpanel" aria-labelledby={`outgoing-tab-${tab}`}>
        <div hidden={tab !== 'send'}>{children(active && tab === 'send')}</div>
        {tab === 'paperCopies' && <DispatchPanel onOpenRecord={onOpenRecord} />}
      </div>
    </div>
  );
}
