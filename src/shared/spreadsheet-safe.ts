/**
 * Formula injection guard for .csv/.xlsx exports: text from users or imported documents that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read by Excel/WPS as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE).
 * Such text gets a leading apostrophe, which spreadsheet programs show as text. Anything not a string passes unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula<T>(value: T): T {
  return (typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value) as T;
}
