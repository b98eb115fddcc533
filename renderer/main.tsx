/** Renderer entry: fonts, styles, i18n, then the app. */
import '@fontsource/ibm-plex-sans-arabic/400.css';
import '@fontsource/ibm-plex-sans-arabic/600.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { SessionGate } from './accounts/SessionGate.tsx';
import { initI18n } from './i18n/index.ts';
import { prefetchFirstPage } from './register/row-source.ts';

performance.mark('renderer-start');
if (new URLSearchParams(window.location.search).get('screen') === 'register') prefetchFirstPage();
await initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <SessionGate>
      <App />
    </SessionGate>
  </StrictMode>,
);
