import { createBrowserRouter, Navigate } from 'react-router';
import { Result } from 'antd';
import { AppLayout } from './ui/AppLayout.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { HomeRedirect } from './ui/HomeRedirect.tsx';
import { UsersPage } from './features/admin/UsersPage.tsx';
import { UnitsPage } from './features/admin/UnitsPage.tsx';
import { AuditPage } from './features/admin/AuditPage.tsx';
import { AccountPage } from './features/account/AccountPage.tsx';
import { PlansPage } from './features/workplan/PlansPage.tsx';
import { PlanImportPage } from './features/workplan/PlanImportPage.tsx';
import { PlanDetailPage } from './features/workplan/PlanDetailPage.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'plans', element: <PlansPage /> },
      { path: 'plans/import', element: <PlanImportPage /> },
      { path: 'plans/:id', element: <PlanDetailPage /> },
      { path: 'admin', element: <Navigate to="/admin/users" replace /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'admin/units', element: <UnitsPage /> },
      { path: 'admin/audit', element: <AuditPage /> },
      { path: '*', element: <Result status="404" title="页面不存在" subTitle="请检查地址，或从左侧导航进入。" /> },
    ],
  },
]);
