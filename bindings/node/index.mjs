// The ESM entry point: the same objects as the CommonJS one (index.js).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const edgelite = require('./index.js');

export default edgelite;
export const { Database, SqliteError, createClient, LibsqlError, LibsqlBatchError, Real, real } = edgelite;
