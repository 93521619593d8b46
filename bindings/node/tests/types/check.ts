// Type-checked (never run) against index.d.ts by `npm run typecheck`: the documented usage of
// both APIs must compile.
import Database = require('../..');

const db: Database = new Database(':memory:', { timeout: 1000, readonly: false });
const stmt: Database.Statement<{ id: number; name: string }> = db.prepare('SELECT id, name FROM t WHERE id = ?');
const row = stmt.get(1);
const name: string | undefined = row?.name;
const rows = stmt.all({ id: 1 }, [2, 3]);
for (const r of stmt.iterate()) r.id.toFixed();
const info: Database.RunResult = db.prepare('INSERT INTO t(name) VALUES (?)').run('x', Database.real(2), 5n, null, Buffer.from([1]), new Date());
const cols: Database.ColumnDefinition[] = stmt.columns();
stmt.pluck().raw(false).expand(false).safeIntegers().bind(1).queryTimeout(10).parameterNames();
const tx = db.transaction((n: number) => n * 2);
const doubled: number = tx.immediate(2) + tx.deferred(1) + tx.exclusive(1) + tx(1);
db.function('f', { deterministic: true }, (x: number) => x + 1).aggregate('s', { start: 0, step: (acc: number, x: number) => acc + x });
db.pragma('user_version', { simple: true });
const done: Promise<Database.BackupProgress> = db.backup('/tmp/x.db');
const synced: Database.Synced = db.sync();
db.batch(['SELECT 1', ['SELECT ?', [1]], { sql: 'SELECT 2' }], 'write')[0].rows;
const rowid: number | bigint = db.lastInsertRowid;
const changes: number = db.changes;
db.connect().busyTimeout(5).defaultSafeIntegers().unsafeMode(false).close();
const err = new Database.SqliteError('m', 'SQLITE_ERROR', 1);
const code: string = err.code;

async function promiseApi(): Promise<void> {
  const client: Database.Client = Database.createClient({ url: 'file:local.db', syncUrl: 'http://127.0.0.1:8080', intMode: 'bigint' });
  const rs: Database.ResultSet = await client.execute({ sql: 'SELECT ?', args: [1] });
  const v: Database.Value = rs.rows[0][0] ?? rs.rows[0].name;
  await client.batch(['SELECT 1', { sql: 'SELECT ?', args: { a: 1 } }], 'write');
  const t: Database.Transaction = await client.transaction('read');
  await t.execute('SELECT 1');
  await t.commit();
  await client.executeMultiple('SELECT 1; SELECT 2');
  const r: Database.Replicated = await client.sync();
  client.close();
  const e: Database.LibsqlError = new Database.LibsqlBatchError('m', 1, 'SQLITE_ERROR');
  void [v, r, e];
}

void [name, rows, info, cols, doubled, done, synced, rowid, changes, code, promiseApi];
