import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createQueryClient } from './api/query-client.ts';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { initialLanguage } from './i18n/locales.ts';
import { AppRoutes } from './router.tsx';
import './styles.css';

const queryClient = createQueryClient();
const root = createRoot(document.getElementById('root')!);

// French is at hand at once; a stored English is fetched first, so the first screen is already in it.
void initialLanguage().then((language) =>
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider initial={language}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
