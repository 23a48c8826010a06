import { Button, Layout, Space, Typography } from 'antd';
import { Link, Outlet, useNavigate } from 'react-router';
import { useMe } from '../../auth/use-me.ts';
import './gazetteer.css';

/** The public portal of the 省情数据库: no login needed; a signed-in user sees every book and a way back to work. */
export function LibraryLayout() {
  const me = useMe();
  const navigate = useNavigate();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <header className="gz-public-header">
        <Link to="/library" className="gz-brand">
          <span className="brand-mark small">志</span>
          <span>省情数据库</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
            地方志书、年鉴与旧志全文检索
          </Typography.Text>
        </Link>
        <Space wrap>
          <Link to="/library/browse">分类浏览</Link>
          <Link to="/library/parallel">对读</Link>
          <Link to="/library">全文检索</Link>
          {me.data ? (
            <>
              <Typography.Text type="secondary">{me.data.displayName}（可检索全部书目）</Typography.Text>
              <Button onClick={() => void navigate('/gazetteer/books')}>返回工作平台</Button>
            </>
          ) : (
            <Button onClick={() => void navigate('/login')}>工作人员登录</Button>
          )}
        </Space>
      </header>
      <main className="gz-public-main">
        <Outlet />
      </main>
    </Layout>
  );
}
