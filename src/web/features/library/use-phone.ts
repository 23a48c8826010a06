import { Grid } from 'antd';

/** True below the `md` breakpoint (768 px): pages show cards instead of wide tables. */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
