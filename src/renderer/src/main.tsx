// Renderer entry: languages first, then the API client (which takes web mode's token out of the URL
// before the router reads the fragment), then the app.
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { createApiClient } from './api/client';
import { App } from './App';
import { initI18n } from './i18n';

initI18n();
const api = createApiClient();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
