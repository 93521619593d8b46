package io.edgelite.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A statement (and the base of {@link EdgelitePreparedStatement}). Each execution closes the
 * previous result. {@link #cancel()} interrupts the running statement from any thread; {@link
 * #setQueryTimeout} does so when the time is up, and the call fails with {@link
 * java.sql.SQLTimeoutException} ({@code SQLITE_INTERRUPT}).
 */
class EdgeliteStatement extends UnsupportedPreparedStatement {
  static final int MANY_STATEMENTS = 16917;

  final EdgeliteConnection conn;
  final String sql; // prepared statements only
  long sqlId; // the SQL interned natively (NativeBridge.intern), prepared statements only
  final boolean returnKeys;
  private volatile boolean closed;
  private EdgeliteResultSet result;
  private long updateCount = -1;
  private long[] generatedKeys = new long[0];
  private int maxRows;
  private int queryTimeoutSeconds;
  private boolean closeOnCompletion;
  private boolean poolable;
  private final List<String> batch = new ArrayList<>();
  private final boolean internal;

  EdgeliteStatement(EdgeliteConnection conn, String sql, boolean returnKeys) {
    this(conn, sql, returnKeys, false);
  }

  EdgeliteStatement(EdgeliteConnection conn, String sql, boolean returnKeys, boolean internal) {
    this.conn = conn;
    this.sql = sql;
    this.returnKeys = returnKeys;
    this.internal = internal;
    conn.register(this);
  }

  boolean isInternal() {
    return internal;
  }

  void checkOpen() throws SQLException {
    if (closed) throw EdgeliteErrors.closed("statement");
    conn.checkOpen();
  }

  /** The watchdog for one call: the query timeout or the connection's network timeout. */
  Watchdog watchdog() {
    long ms = queryTimeoutSeconds * 1000L;
    long net = conn.networkTimeoutMs();
    if (net > 0 && (ms == 0 || net < ms)) ms = net;
    return Watchdog.start(conn.handle, ms);
  }

  void closeResult() throws SQLException {
    EdgeliteResultSet r = result;
    result = null;
    if (r != null) r.close();
  }

  void resultFinished(EdgeliteResultSet r) throws SQLException {
    if (closeOnCompletion && r == result && r.isClosed()) close();
  }

  private static boolean isInsert(String sql) {
    String s = sql.stripLeading().toUpperCase(Locale.ROOT);
    return s.startsWith("INSERT") || s.startsWith("REPLACE");
  }

  void recordKeys(String sql, long[] changesAndRowid) {
    updateCount = changesAndRowid[0];
    generatedKeys = changesAndRowid[0] > 0 && isInsert(sql) ? new long[] {changesAndRowid[1]} : new long[0];
  }

  void recordKeys(String sql, long[] changes, long[] rowids, int n) {
    if (!isInsert(sql)) {
      generatedKeys = new long[0];
      return;
    }
    long[] keys = new long[n];
    int k = 0;
    for (int i = 0; i < n; i++) if (changes[i] > 0) keys[k++] = rowids[i];
    generatedKeys = java.util.Arrays.copyOf(keys, k);
  }

  /** The number of result columns, if known before running (sizes the first block's buffer); -1 if not. */
  int expectedColumns() {
    return -1;
  }

  /** Runs a query with encoded parameters; a read-only auto-commit connection reads in a read-only transaction. */
  ResultSet runQuery(String sql, Params p) throws SQLException {
    checkOpen();
    closeResult();
    updateCount = -1;
    try (Watchdog w = watchdog()) {
      if (conn.readOnlyAutoCommit()) {
        try {
          result = EdgeliteResultSet.drain(open(sql, p, NativeBridge.BEGIN_READ_ONLY));
        } finally {
          endImplicit();
        }
      } else {
        result = open(sql, p, conn.beginMode());
      }
    }
    return result;
  }

  private EdgeliteResultSet open(String sql, Params p, int begin) throws SQLException {
    return EdgeliteResultSet.open(this, conn.handle, sqlIdOf(sql), sql, p, begin, maxRows, expectedColumns());
  }

  /** The interned id of {@code sql} if it is this prepared statement's SQL, else 0. */
  private long sqlIdOf(String sql) {
    return sql == this.sql ? sqlId : 0;
  }

  private void endImplicit() throws SQLException {
    if (!NativeBridge.isAutocommit(conn.handle)) NativeBridge.transaction(conn.handle, NativeBridge.TX_ROLLBACK, 0, null);
  }

  /** Runs a statement for its changes. */
  long runUpdate(String sql, Params p) throws SQLException {
    checkOpen();
    closeResult();
    try (Watchdog w = watchdog()) {
      long[] r;
      if (conn.readOnlyAutoCommit()) {
        try {
          r = NativeBridge.execute(conn.handle, sqlIdOf(sql), sql, p.count, p.types, p.longs, p.doubles, p.objects, NativeBridge.BEGIN_READ_ONLY);
        } finally {
          endImplicit();
        }
      } else {
        r = NativeBridge.execute(conn.handle, sqlIdOf(sql), sql, p.count, p.types, p.longs, p.doubles, p.objects, conn.beginMode());
      }
      recordKeys(sql, r);
      return r[0];
    }
  }

  /** Runs any statement: a result if it has columns, else its changes. */
  boolean runAny(String sql, Params p) throws SQLException {
    checkOpen();
    closeResult();
    updateCount = -1;
    try (Watchdog w = watchdog()) {
      boolean implicit = conn.readOnlyAutoCommit();
      int begin = implicit ? NativeBridge.BEGIN_READ_ONLY : conn.beginMode();
      EdgeliteResultSet rs;
      try {
        rs = open(sql, p, begin);
      } catch (SQLException e) {
        if (implicit) endImplicit();
        throw e;
      }
      if (rs.columnCount() > 0) {
        if (implicit) {
          try {
            result = EdgeliteResultSet.drain(rs);
          } finally {
            endImplicit();
          }
        } else {
          result = rs;
        }
        return true;
      }
      try {
        recordKeys(sql, rs.finishWithoutRows());
      } finally {
        rs.close();
        if (implicit) endImplicit();
      }
      return false;
    }
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    if (this.sql != null) throw EdgeliteErrors.create(21, "executeQuery(String) on a PreparedStatement");
    return runQuery(sql, Params.NONE);
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    if (this.sql != null) throw EdgeliteErrors.create(21, "executeUpdate(String) on a PreparedStatement");
    try {
      return runUpdate(sql, Params.NONE);
    } catch (SQLException e) {
      if (e.getErrorCode() != MANY_STATEMENTS) throw e;
      runScript(sql);
      return 0;
    }
  }

  /** Several statements in one string run as a script (no results). */
  private void runScript(String sql) throws SQLException {
    try (Watchdog w = watchdog()) {
      NativeBridge.executeBatch(conn.handle, sql, conn.beginMode());
    }
    updateCount = 0;
    generatedKeys = new long[0];
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    if (this.sql != null) throw EdgeliteErrors.create(21, "execute(String) on a PreparedStatement");
    try {
      return runAny(sql, Params.NONE);
    } catch (SQLException e) {
      if (e.getErrorCode() != MANY_STATEMENTS) throw e;
      runScript(sql);
      return false;
    }
  }

  @Override
  public int executeUpdate(String sql, int keys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columns) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columns) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int keys) throws SQLException {
    return executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columns) throws SQLException {
    return executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columns) throws SQLException {
    return executeLargeUpdate(sql);
  }

  @Override
  public boolean execute(String sql, int keys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columns) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, String[] columns) throws SQLException {
    return execute(sql);
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    if (this.sql != null) throw EdgeliteErrors.create(21, "addBatch(String) on a PreparedStatement");
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    long[] r = executeLargeBatch();
    int[] out = new int[r.length];
    for (int i = 0; i < r.length; i++) out[i] = (int) Math.min(Integer.MAX_VALUE, r[i]);
    return out;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<String> todo = new ArrayList<>(batch);
    batch.clear();
    long[] counts = new long[todo.size()];
    for (int i = 0; i < todo.size(); i++) {
      try {
        counts[i] = runUpdate(todo.get(i), Params.NONE);
      } catch (SQLException e) {
        throw batchError(e, java.util.Arrays.copyOf(counts, i));
      }
    }
    return counts;
  }

  static BatchUpdateException batchError(SQLException cause, long[] done) {
    int[] small = new int[done.length];
    for (int i = 0; i < done.length; i++) small[i] = (int) Math.min(Integer.MAX_VALUE, done[i]);
    BatchUpdateException b = new BatchUpdateException(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), done, cause);
    return b.getUpdateCounts() == null ? new BatchUpdateException(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), small, cause) : b;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return result;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, updateCount);
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return updateCount;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    closeResult();
    updateCount = -1;
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  /** One row per row the last INSERT added: its rowid, in column {@code last_insert_rowid()}. */
  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    List<Object[]> rows = new ArrayList<>();
    for (long k : generatedKeys) rows.add(new Object[] {k});
    return new EdgeliteResultSet(null, new String[] {"last_insert_rowid()"}, rows);
  }

  @Override
  public void close() throws SQLException {
    if (closed) return;
    closed = true;
    try {
      closeResult();
    } finally {
      conn.unregister(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void cancel() throws SQLException {
    checkOpen();
    NativeBridge.interrupt(conn.handle);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeoutSeconds;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) throw EdgeliteErrors.create(21, "query timeout is negative");
    queryTimeoutSeconds = seconds;
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    checkOpen();
    if (max < 0) throw EdgeliteErrors.create(21, "max rows is negative");
    maxRows = max;
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return getMaxRows();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    setMaxRows((int) Math.min(Integer.MAX_VALUE, max));
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    if (max < 0) throw EdgeliteErrors.create(21, "max field size is negative");
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    throw EdgeliteErrors.unsupported("named cursors");
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != ResultSet.FETCH_FORWARD) throw EdgeliteErrors.unsupported("forward-only result sets");
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) throw EdgeliteErrors.create(21, "fetch size is negative");
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return 256;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return conn;
  }

  @Override
  public void setPoolable(boolean on) throws SQLException {
    checkOpen();
    poolable = on;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return poolable;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    throw EdgeliteErrors.create(21, "not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  List<String> pendingBatch() {
    return Collections.unmodifiableList(batch);
  }

  /** Encoded parameters (see {@link NativeBridge}). */
  static final class Params {
    static final Params NONE = new Params(0);
    final int count;
    final int[] types;
    final long[] longs;
    final double[] doubles;
    final Object[] objects;

    Params(int count) {
      this.count = count;
      types = new int[count];
      longs = new long[count];
      doubles = new double[count];
      objects = new Object[count];
    }
  }
}
