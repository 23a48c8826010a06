// Bootstrap of the bench's book reader thread (search-setup.ts `startBookReader`). Plain JavaScript on purpose, as
// the search workers' bootstrap is: it registers tsx itself, so the reader packs books with the server's own code.
import { register } from 'tsx/esm/api';

register();
await import('./book-reader.ts');
