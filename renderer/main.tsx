import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { createStationClient } from '../shared/api/client';
import { chooseTransport } from './transport';
import { createAppStore, LANGUAGE_KEY } from './app/store';
import { connectStation } from './app/connect';
import { App } from './app/App';
import { SetupScreen } from './features/setup/SetupScreen';
import { initI18n, type Language } from './i18n';
import { languageChosen, viewChosen } from './features/header/slice';
import './styles.css';

// The console never opens other windows or sites; Electron also refuses at the shell (electron/security.ts).
window.open = () => null;

const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
})();
const saved = storage?.getItem(LANGUAGE_KEY);
const language: Language = saved === 'en' ? 'en' : 'zh-CN';
initI18n(language);

const client = createStationClient(chooseTransport(), (what) =>
  console.warn('station sent something outside the contract:', what),
);
const store = createAppStore(client, storage);
store.dispatch(languageChosen(language));
if (new URLSearchParams(window.location.search).get('view') === 'wall') store.dispatch(viewChosen('wall'));
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
// A station started with --setup has no site yet: the first-run screen, and nothing else is asked of it.
// Asked once the station is reached (a socket connects after the page loads); a refused or silent one: the app,
// which says so.
const reached = new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, 5_000);
  const off = client.onConnectionChange((connected, refusal) => {
    if (!connected && !refusal) return;
    clearTimeout(timer);
    queueMicrotask(() => off());
    resolve();
  });
});
void reached.then(async () => {
  const status = await client.setupStatus({});
  const setup = status.ok && status.value.mode === 'setup';
  if (!setup) connectStation(client, store);
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>{setup ? <SetupScreen client={client} /> : <App />}</Provider>
    </StrictMode>,
  );
});
