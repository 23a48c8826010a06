import { Navigate } from 'react-router';
import { useMe } from '../auth/use-me.ts';
import { firstPage, NAV, visibleNav } from './nav.tsx';

/** The home route opens the first module this user may use; someone with none yet sees their account. */
export function HomeRedirect() {
  const { data: me } = useMe();
  const target = firstPage(visibleNav(NAV, me?.permissions ?? [])) ?? '/account';
  return <Navigate to={target} replace />;
}
