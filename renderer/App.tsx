/**
 * The window: header (title, language switch), the navigation on the start side (right in Arabic),
 * and the current screen. The intake screen stays mounted while the clerk looks elsewhere, so a
 * letter being read is not lost.
 *
 * Shortcuts: Alt+1 intake, Alt+2 register, Alt+3 inbox, Alt+4 outgoing, Alt+5 daily register,
 * Alt+6 follow-up, Alt+7 dashboard (tabs: counterparts, adoption report), Alt+9 settings, Ctrl+O open
 * files (outgoing when it is shown, else intake). The outgoing screen has a tab for paper copies;
 * Ctrl+PageDown / Ctrl+PageUp switch tabs. The exchange status chip sits in the header.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api/index.ts';
import { SettingsContext, type UiSettings } from './common/settings-context.tsx';
import { ExchangeStatusProvider } from './exchange/status-context.tsx';
import { StatusChip } from './exchange/StatusChip.tsx';
import { InboxScreen } from './inbox/InboxScreen.tsx';
import { setLang, type Lang } from './i18n/index.ts';
import { IntakeScreen, type IntakeHandle } from './intake/IntakeScreen.tsx';
import { OutgoingScreen, type OutgoingHandle } from './outgoing/OutgoingScreen.tsx';
import { RecordScreen } from './record/RecordScreen.tsx';
import { RegisterScreen } from './register/RegisterScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { useCan, useSession } from './accounts/session.tsx';
import { UserMenu } from './accounts/UserMenu.tsx';
import { UsersScreen } from './accounts/UsersScreen.tsx';
import { AnnulmentsScreen } from './annulment/AnnulmentsScreen.tsx';
import { FollowUpScreen } from './followup/FollowUpScreen.tsx';
import { DashboardTabs, OutgoingTabs } from './parallel/tabbed-screens.tsx';
import { DailyRegisterScreen } from './daily/DailyRegisterScreen.tsx';

export type Screen =
  | { name: 'intake' }
  | { name: 'register' }
  | { name: 'record'; registryNumber: string; register: string | null }
  | { name: 'settings' }
  | { name: 'annulments' }
  | { name: 'users' }
  | { name: 'inbox' }
  | { name: 'outgoing' }
  | { name: 'daily' }
  | { name: 'followup' }
  | { name: 'dashboard' };

export function App() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { status } = useSession();
  // `?screen=register` opens the register first (bookmarks, the register-view benchmark).
  const [screen, setScreen] = useState<Screen>(() =>
    new URLSearchParams(window.location.search).get('screen') === 'register' ? { name: 'register' } : { name: 'intake' },
  );
  const [settings, setSettings] = useState<UiSettings>({ arabicIndicDigits: false });
  const intakeRef = useRef<IntakeHandle>(null);
  // The intake screen mounts on its first visit and then stays mounted (work in progress is kept).
  const [intakeMounted, setIntakeMounted] = useState(screen.name === 'intake');
  const openFilesOnMount = useRef(false);
  useEffect(() => {
    if (screen.name === 'intake') setIntakeMounted(true);
  }, [screen.name]);
  useEffect(() => {
    if (intakeMounted && openFilesOnMount.current) {
      openFilesOnMount.current = false;
      intakeRef.current?.openFiles();
    }
  }, [intakeMounted]);
  const mainRef = useRef<HTMLElement>(null);
  // The outgoing screen, like intake, stays mounted once visited (a letter being prepared is kept).
  const outgoingRef = useRef<OutgoingHandle>(null);
  const [outgoingMounted, setOutgoingMounted] = useState(false);
  useEffect(() => {
    if (screen.name === 'outgoing') setOutgoingMounted(true);
  }, [screen.name]);
  const screenName = useRef(screen.name);
  const canRef = useRef(can);
  canRef.current = can;
  screenName.current = screen.name;

  useEffect(() => {
    void api['settings.get']({}).then((r) => {
      if (r.ok) setSettings({ arabicIndicDigits: r.value.arabicIndicDigits });
    });
  }, []);

  const go = useCallback((next: Screen) => {
    setScreen(next);
    // Move focus into the new screen's heading so keyboard and screen-reader users land there.
    requestAnimationFrame(() => mainRef.current?.querySelector<HTMLElement>('[data-screen-heading]')?.focus());
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && e.key === '1') {
        e.preventDefault();
        go({ name: 'intake' });
      } else if (e.altKey && !e.ctrlKey && e.key === '2') {
        e.preventDefault();
        go({ name: 'register' });
      } else if (e.altKey && !e.ctrlKey && e.key === '3') {
        e.preventDefault();
        go({ name: 'inbox' });
      } else if (e.altKey && !e.ctrlKey && e.key === '4') {
        e.preventDefault();
        go({ name: 'outgoing' });
      } else if (e.altKey && !e.ctrlKey && (e.key === '5' || e.key === '6' || e.key === '7')) {
        e.preventDefault();
        go({ name: e.key === '5' ? 'daily' : e.key === '6' ? 'followup' : 'dashboard' });
      } else if (e.altKey && !e.ctrlKey && e.key === '8') {
        // Alt+8 annulments and audit; Alt+0 users (admin)
        e.preventDefault();
        go({ name: 'annulments' });
      } else if (e.altKey && !e.ctrlKey && e.key === '0' && canRef.current('users.list')) {
        e.preventDefault();
        go({ name: 'users' });
      } else if (e.altKey && !e.ctrlKey && e.key === '9') {
        e.preventDefault();
        go({ name: 'settings' });
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        if (screenName.current === 'outgoing') {
          outgoingRef.current?.openFiles();
          return;
        }
        setScreen({ name: 'intake' });
        if (intakeRef.current) intakeRef.current.openFiles();
        else openFilesOnMount.current = true;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const lang: Lang = i18n.language === 'en' ? 'en' : 'ar';
  const switchLang = (next: Lang) => {
    void setLang(next);
    void api['settings.update']({ language: next });
  };
  const openRecord = useCallback(
    (registryNumber: string, register: string | null) => go({ name: 'record', registryNumber, register }),
    [go],
  );

  return (
    <SettingsContext.Provider value={settings}>
      <ExchangeStatusProvider>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="shell">
        <header className="app-header">
          <h1 className="app-title">{t('app.title')}</h1>
          <StatusChip onOpenSettings={() => go({ name: 'settings' })} />
          <UserMenu />
          <div className="lang-switch" role="group" aria-label={t('lang.label')}>
            {(['ar', 'en'] as const).map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                aria-pressed={lang === l}
                className={lang === l ? 'pill active' : 'pill'}
                onClick={() => switchLang(l)}
                data-testid={`lang-${l}`}
              >
                {t(`lang.${l}`)}
              </button>
            ))}
          </div>
        </header>
        <nav className="side-nav" aria-label={t('app.mainNav')} data-testid="side-nav">
          <ul>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'intake' ? 'page' : undefined}
                title={t('shortcut', { label: t('nav.intake'), keys: 'Alt+1' })}
                onClick={() => go({ name: 'intake' })}
              >
                {t('nav.intake')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'register' || screen.name === 'record' ? 'page' : undefined}
                title={t('shortcut', { label: t('nav.register'), keys: 'Alt+2' })}
                onClick={() => go({ name: 'register' })}
              >
                {t('nav.register')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'inbox' ? 'page' : undefined}
                title={t('shortcut', { label: t('inbox.nav'), keys: 'Alt+3' })}
                onClick={() => go({ name: 'inbox' })}
              >
                {t('inbox.nav')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'outgoing' ? 'page' : undefined}
                title={t('shortcut', { label: t('outgoing.nav'), keys: 'Alt+4' })}
                onClick={() => go({ name: 'outgoing' })}
              >
                {t('outgoing.nav')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'daily' ? 'page' : undefined}
                title={t('shortcut', { label: t('daily.nav'), keys: 'Alt+5' })}
                onClick={() => go({ name: 'daily' })}
                data-testid="nav-daily"
              >
                {t('daily.nav')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'followup' ? 'page' : undefined}
                title={t('shortcut', { label: t('followup.nav'), keys: 'Alt+6' })}
                onClick={() => go({ name: 'followup' })}
                data-testid="nav-followup"
              >
                {t('followup.nav')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'dashboard' ? 'page' : undefined}
                title={t('shortcut', { label: t('dashboard.nav'), keys: 'Alt+7' })}
                onClick={() => go({ name: 'dashboard' })}
                data-testid="nav-dashboard"
              >
                {t('dashboard.nav')}
              </button>
            </li>
            <li>
              <button
                type="button"
                aria-current={screen.name === 'annulments' ? 'page' : undefined}
                title={t('shortcut', { label: t('annulment.nav'), keys: 'Alt+8' })}
                onClick={() => go({ name: 'annulments' })}
                data-testid="nav-annulments"
              >
                {t('annulment.nav')}
              </button>
            </li>
            {status.accountsExist && can('users.list') && (
              <li>
                <button
                  type="button"
                  aria-current={screen.name === 'users' ? 'page' : undefined}
                  title={t('shortcut', { label: t('users.nav'), keys: 'Alt+0' })}
                  onClick={() => go({ name: 'users' })}
                  data-testid="nav-users"
                >
                  {t('users.nav')}
                </button>
              </li>
            )}
            <li>
              <button
                type="button"
                aria-current={screen.name === 'settings' ? 'page' : undefined}
                title={t('shortcut', { label: t('settings.nav'), keys: 'Alt+9' })}
                onClick={() => go({ name: 'settings' })}
              >
                {t('settings.nav')}
              </button>
            </li>
          </ul>
        </nav>
        <main id="main" ref={mainRef} className="content" data-testid="content">
          {intakeMounted && (
            <div hidden={screen.name !== 'intake'} className="screen-host">
              <IntakeScreen ref={intakeRef} active={screen.name === 'intake'} onOpenRecord={openRecord} />
            </div>
          )}
          {screen.name === 'register' && <RegisterScreen onOpenRecord={openRecord} />}
          {screen.name === 'record' && (
            <RecordScreen
              key={`${screen.register ?? ''}:${screen.registryNumber}`}
              registryNumber={screen.registryNumber}
              register={screen.register}
              onBack={() => go({ name: 'register' })}
              onOpenRecord={openRecord}
            />
          )}
          {screen.name === 'daily' && <DailyRegisterScreen onOpenRecord={openRecord} />}
          {screen.name === 'followup' && <FollowUpScreen onOpenRecord={openRecord} />}
          {screen.name === 'dashboard' && <DashboardTabs onOpenRecord={openRecord} />}
          {screen.name === 'inbox' && <InboxScreen onOpenRecord={openRecord} onOpenSettings={() => go({ name: 'settings' })} />}
          {outgoingMounted && (
            <div hidden={screen.name !== 'outgoing'} className="screen-host">
              <OutgoingTabs active={screen.name === 'outgoing'} onOpenRecord={openRecord}>
                {(formActive) => <OutgoingScreen ref={outgoingRef} active={formActive} onOpenRecord={openRecord} />}
              </OutgoingTabs>
            </div>
          )}
          {screen.name === 'settings' && <SettingsScreen onSettingsSaved={(s) => setSettings({ arabicIndicDigits: s.arabicIndicDigits })} />}
          {screen.name === 'annulments' && <AnnulmentsScreen onOpenRecord={openRecord} />}
          {screen.name === 'users' && status.accountsExist && can('users.list') && <UsersScreen />}
        </main>
      </div>
      </ExchangeStatusProvider>
    </SettingsContext.Provider>
  );
}
