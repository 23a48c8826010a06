import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
// The ESM build: the CommonJS 'antd/locale/zh_CN' arrives wrapped in { default } after bundling, and antd falls back to English.
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { AppError } from '../shared/errors.ts';
import { router } from './router.tsx';
import { usePrefersReducedMotion } from './ui/reduced-motion.ts';
import './styles.css';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A permission or validation error will not change by asking again.
      retry: (count, error) => !(error instanceof AppError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** antd's theme, without its motion when the user's system asks for reduced motion. */
function Root() {
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#8c2f1b', borderRadius: 4, motion: !reducedMotion } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
