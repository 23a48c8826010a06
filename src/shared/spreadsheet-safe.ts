/**
 * A cell holding user or imported text must never start a formula when the sheet is opened: text beginning with
 * `= + - @`, a tab or a carriage return gets a leading apostrophe. Numbers and other values pass through unchanged.
 */
export function neutralizeFormula<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
