// Bootstrap of the thread that writes the scaled corpus (search-setup.ts `generateCorpusApart`). Plain JavaScript on
// purpose, as the book reader's bootstrap is: it registers tsx itself, then runs the generator of search-corpus.ts.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { generateScaledCorpus } = await import('./search-corpus.ts');
parentPort.postMessage(generateScaledCorpus(workerData.corpusRoot, workerData.size, workerData.dir));
