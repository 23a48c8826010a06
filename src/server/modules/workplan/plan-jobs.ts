/** What the isolated plan worker runs (see extract-isolated.ts): the extractor and the parser, unchanged. */
export { extractText } from './extract/extract-text.ts';
export { parsePlan } from './parse/parse-plan.ts';
