/**
 * A cell of user or imported text that a spreadsheet program must not take for a formula: text starting with
 * `= + - @`, a tab or a carriage return gets a leading `'`.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
