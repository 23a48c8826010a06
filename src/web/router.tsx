import { createBrowserRouter, Navigate } from 'react-router';
import { Result } from 'antd';
import { AppLayout } from './ui/AppLayout.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { HomeRedirect } from './ui/HomeRedirect.tsx';
import { UsersPage } from './features/admin/UsersPage.tsx';
import { UnitsPage } from './features/admin/UnitsPage.tsx';
import { AuditPage } from './features/admin/AuditPage.tsx';
import { AccountPage } from './features/account/AccountPage.tsx';
import { LibraryLayout } from './features/gazetteer/LibraryLayout.tsx';
import { SearchPage } from './features/gazetteer/SearchPage.tsx';
import { BookPage } from './features/gazetteer/BookPage.tsx';
import { SectionPage } from './features/gazetteer/SectionPage.tsx';
import { BooksAdminPage } from './features/gazetteer/BooksAdminPage.tsx';
import { BrowsePage } from './features/gazetteer/BrowsePage.tsx';
import { ParallelPage } from './features/gazetteer/ParallelPage.tsx';
import { PlansPage } from './features/workplan/PlansPage.tsx';
import { PlanImportPage } from './features/workplan/PlanImportPage.tsx';
import { PlanDetailPage } from './features/workplan/PlanDetailPage.tsx';
import { SupervisionBoardPage } from './features/supervision/SupervisionBoardPage.tsx';
import { ExtensionsPage } from './features/supervision/ExtensionsPage.tsx';
import { NotificationsPage } from './features/notifications/NotificationsPage.tsx';
import { ChannelSettingsPage } from './features/notifications/ChannelSettingsPage.tsx';
import { MyTasksPage } from './features/reports/MyTasksPage.tsx';
import { TaskPage } from './features/reports/TaskPage.tsx';
import { WorkbenchPage } from './features/workbench/WorkbenchPage.tsx';
import { HoldingsPage } from './features/library/HoldingsPage.tsx';
import { HoldingDetailPage } from './features/library/HoldingDetailPage.tsx';
import { HoldingsImportPage } from './features/library/HoldingsImportPage.tsx';
import { UnionCataloguePage } from './features/library/UnionCataloguePage.tsx';
import { AcquisitionsPage } from './features/library/AcquisitionsPage.tsx';
import { DistributionsPage } from './features/library/DistributionsPage.tsx';
import { OfficePage } from './features/library/OfficePage.tsx';
import { DataReportsPage } from './features/datareports/DataReportsPage.tsx';
import { EvaluationsPage } from './features/library/EvaluationsPage.tsx';
import { EvaluationPage } from './features/library/EvaluationPage.tsx';
import { PrintingPage } from './features/library/PrintingPage.tsx';
import { CampaignsPage } from './features/evaluation/CampaignsPage.tsx';
import { CampaignPage } from './features/evaluation/CampaignPage.tsx';
import { TemplatesPage } from './features/evaluation/TemplatesPage.tsx';

// The chart pages carry ECharts; they load on first visit so the rest of the app does not download it.
const lazyPage = (load: () => Promise<{ Page: () => React.JSX.Element | null }>) => () =>
  load().then(({ Page }) => ({ Component: Page }));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The public portal of the 省情数据库: no login; the server shows published books only to anonymous readers.
  {
    path: '/library',
    element: <LibraryLayout />,
    children: [
      { index: true, element: <SearchPage /> },
      { path: 'books/:id', element: <BookPage /> },
      { path: 'books/:id/sections/:ordinal', element: <SectionPage /> },
      { path: 'browse', element: <BrowsePage /> },
      { path: 'parallel', element: <ParallelPage /> },
    ],
  },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'workbench', element: <WorkbenchPage /> },
      { path: 'plans', element: <PlansPage /> },
      { path: 'plans/import', element: <PlanImportPage /> },
      { path: 'plans/:id', element: <PlanDetailPage /> },
      { path: 'supervision/my', element: <MyTasksPage /> },
      { path: 'supervision/board', element: <SupervisionBoardPage /> },
      { path: 'supervision/extensions', element: <ExtensionsPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'admin/notifications', element: <ChannelSettingsPage /> },
      { path: 'supervision/tasks/:id', element: <TaskPage /> },
      {
        path: 'supervision/dashboard',
        lazy: lazyPage(() => import('./features/dashboard/DashboardPage.tsx').then((m) => ({ Page: m.DashboardPage }))),
      },
      {
        path: 'supervision/gantt',
        lazy: lazyPage(() => import('./features/dashboard/GanttPage.tsx').then((m) => ({ Page: m.GanttPage }))),
      },
      {
        path: 'supervision/assessment',
        lazy: lazyPage(() =>
          import('./features/assessment/AssessmentPage.tsx').then((m) => ({ Page: m.AssessmentPage })),
        ),
      },
      {
        path: 'compilation',
        lazy: lazyPage(() => import('./features/compilation/ProjectsPage.tsx').then((m) => ({ Page: m.ProjectsPage }))),
      },
      {
        path: 'compilation/:id',
        lazy: lazyPage(() => import('./features/compilation/ProjectPage.tsx').then((m) => ({ Page: m.ProjectPage }))),
      },
      { path: 'gazetteer', element: <Navigate to="/gazetteer/search" replace /> },
      { path: 'gazetteer/search', element: <SearchPage /> },
      { path: 'gazetteer/books', element: <BooksAdminPage /> },
      { path: 'gazetteer/browse', element: <BrowsePage /> },
      { path: 'gazetteer/parallel', element: <ParallelPage /> },
      { path: 'gazetteer/books/:id', element: <BookPage /> },
      { path: 'gazetteer/books/:id/sections/:ordinal', element: <SectionPage /> },
      // 方志馆 and the offices (issue 14)
      { path: 'holdings', element: <HoldingsPage /> },
      { path: 'holdings/imports', element: <HoldingsImportPage /> },
      { path: 'holdings/union', element: <UnionCataloguePage /> },
      { path: 'holdings/acquisitions', element: <AcquisitionsPage /> },
      { path: 'holdings/distributions', element: <DistributionsPage /> },
      { path: 'holdings/office', element: <OfficePage /> },
      { path: 'holdings/evaluations', element: <EvaluationsPage /> },
      { path: 'holdings/evaluations/:id', element: <EvaluationPage /> },
      { path: 'holdings/printing', element: <PrintingPage /> },
      { path: 'datareports', element: <DataReportsPage /> },
      { path: 'datareports/:id', lazy: lazyPage(() => import('./features/datareports/DataReportCyclePage.tsx')) },
      { path: 'holdings/:id', element: <HoldingDetailPage /> },
      // 评审 (issue 13): evaluation campaigns and score sheets
      { path: 'evaluation', element: <CampaignsPage /> },
      { path: 'evaluation/templates', element: <TemplatesPage /> },
      { path: 'evaluation/:id', element: <CampaignPage /> },
      { path: 'admin', element: <Navigate to="/admin/users" replace /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'admin/units', element: <UnitsPage /> },
      { path: 'admin/audit', element: <AuditPage /> },
      // 评审 (issue 13)
      {
        path: 'review',
        lazy: lazyPage(() => import('./features/review/ReviewListPage.tsx').then((m) => ({ Page: m.ReviewListPage }))),
      },
      {
        path: 'review/:id',
        lazy: lazyPage(() => import('./features/review/RoundPage.tsx').then((m) => ({ Page: m.RoundPage }))),
      },
      { path: '*', element: <Result status="404" title="页面不存在" subTitle="请检查地址，或从左侧导航进入。" /> },
    ],
  },
]);
