// marcjs ships no type declarations. A record is a leader and fields as arrays: control fields `[tag, value]`, data
// fields `[tag, indicators, code, value, code, value, …]`.
declare module 'marcjs' {
  export class Record {
    leader: string;
    fields: string[][];
  }
  export const Marc: {
    parse(raw: Buffer | string, type: 'iso2709' | 'marcxml' | 'mij'): Record;
    format(record: Record, type: 'iso2709' | 'marcxml' | 'mij' | 'text'): string;
  };
}
