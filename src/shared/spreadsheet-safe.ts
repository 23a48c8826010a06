/**
 * Text written into a spreadsheet cell must never be read as a formula (CSV/formula injection): text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe. Numbers and empty text pass unchanged.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
