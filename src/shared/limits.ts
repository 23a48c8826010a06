/** Sizes the server enforces and the web app checks before sending. */
export const LIMITS = {
  usernameMax: 32,
  displayNameMax: 50,
  passwordMin: 8,
  passwordMax: 128,
  unitNameMax: 60,
  aliasMax: 30,
  aliasesPerUnit: 10,
  noteMax: 500,
  jsonBodyBytes: 1024 * 1024,
  uploadBytes: 20 * 1024 * 1024,
  pageSizeMax: 200,
} as const;
