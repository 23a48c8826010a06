import type { Db } from '../../db/database.ts';

/**
 * The live actual of each indicator among `indicatorIds` that is bound to a count kept elsewhere (issue 14: the
 * library's holdings), as of `date` (YYYY-MM-DD); indicators not bound are absent from the map and keep the actuals
 * of approved reports. The library module depends on supervision (it binds counts to supervision's indicators), so
 * supervision and the dashboard ask through this port, implemented by the library's `liveIndicatorActuals` and
 * passed in deps (`AppDeps.liveIndicators`), and import nothing from the library.
 */
export type LiveIndicatorsPort = (
  db: Db,
  indicatorIds: readonly number[],
  date: string,
) => Promise<Map<number, number>>;
