// opencc-js ships its character tables as plain ES modules without type declarations: each default-exports a string of
// `source target|source target…` pairs.
declare module 'opencc-js/dict/*' {
  const table: string;
  export default table;
}
