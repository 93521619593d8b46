package io.edgelite.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDBC connection to an edgelite database in any mode. Reach edgelite's own calls through
 * {@code connection.unwrap(EdgeliteConnection.class)}: {@link #sync()}, {@link #getMode()},
 * {@link #lastInsertRowid()}.
 *
 * <p>In manual-commit mode ({@code setAutoCommit(false)}) a transaction begins before the first
 * statement after each commit or rollback ({@code BEGIN DEFERRED} by default, see {@code
 * transactionMode}; {@code BEGIN TRANSACTION READONLY} when {@link #setReadOnly read-only}).
 * The native handles are thread-safe: {@link Statement#cancel()} and {@link #close()} may be
 * called from any thread.
 */
public class EdgeliteConnection extends UnsupportedConnection {
  /** {@link #getMode()}: SQLite in this process. */
  public static final int MODE_EMBEDDED = 0;
  /** {@link #getMode()}: a server over Hrana. */
  public static final int MODE_REMOTE = 1;
  /** {@link #getMode()}: an embedded replica. */
  public static final int MODE_REPLICA = 2;

  final EdgeliteConfig config;
  private final EdgeliteDriver.SharedDatabase db;
  final long handle;
  private volatile boolean closed;
  private volatile boolean autoCommit = true;
  private volatile boolean readOnly;
  private volatile int isolation = TRANSACTION_SERIALIZABLE;
  private volatile long networkTimeoutMs;
  private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
  private final Set<EdgeliteStatement> statements = ConcurrentHashMap.newKeySet();
  private final AtomicInteger savepointIds = new AtomicInteger();
  private final Properties clientInfo = new Properties();
  private Map<String, Class<?>> typeMap = new HashMap<>();
  private SQLWarning warnings;

  EdgeliteConnection(EdgeliteConfig config) throws SQLException {
    this(config, EdgeliteDriver.acquire(config));
  }

  /** A connection to {@code db}, which it releases when it closes. */
  EdgeliteConnection(EdgeliteConfig config, EdgeliteDriver.SharedDatabase db) throws SQLException {
    this.config = config;
    this.db = db;
    long h;
    try {
      h = NativeBridge.dbConnect(db.handle);
    } catch (SQLException e) {
      EdgeliteDriver.release(db);
      throw e;
    }
    this.handle = h;
    this.readOnly = config.readOnly;
  }

  void checkOpen() throws SQLException {
    if (closed) throw EdgeliteErrors.closed("connection");
  }

  /** How the next statement begins a transaction: none in auto-commit mode. */
  int beginMode() {
    if (autoCommit) return NativeBridge.BEGIN_NONE;
    return readOnly ? NativeBridge.BEGIN_READ_ONLY : config.transactionMode;
  }

  /** Auto-commit on a read-only connection: each statement runs in its own read-only transaction. */
  boolean readOnlyAutoCommit() {
    return autoCommit && readOnly;
  }

  long networkTimeoutMs() {
    return networkTimeoutMs;
  }

  void register(EdgeliteStatement s) {
    statements.add(s);
  }

  void unregister(EdgeliteStatement s) {
    statements.remove(s);
  }

  /** Which mode the database runs in: {@link #MODE_EMBEDDED}, {@link #MODE_REMOTE} or {@link #MODE_REPLICA}. */
  public int getMode() {
    return db.mode;
  }

  /**
   * Pulls the primary's new transactions into this replica (an {@code EDGELITE_UNSUPPORTED}
   * {@link java.sql.SQLFeatureNotSupportedException} in the other modes).
   */
  public SyncResult sync() throws SQLException {
    checkOpen();
    return new SyncResult(NativeBridge.dbSync(db.handle));
  }

  /** The rowid of the last row this connection inserted (exact 64-bit). */
  public long lastInsertRowid() throws SQLException {
    checkOpen();
    return NativeBridge.lastInsertRowid(handle);
  }

  /** Rows changed by the last INSERT, UPDATE or DELETE. */
  public long changes() throws SQLException {
    checkOpen();
    return NativeBridge.changes(handle);
  }

  /** Interrupts the statement running on this connection; it fails with {@code SQLITE_INTERRUPT}. */
  public void interrupt() throws SQLException {
    NativeBridge.interrupt(handle);
  }

  /** How long a statement waits for a locked database. */
  public void setBusyTimeout(long ms) throws SQLException {
    checkOpen();
    NativeBridge.busyTimeout(handle, ms);
  }

  /** Runs a script of several statements (no parameters, no results). */
  public void executeScript(String sql) throws SQLException {
    checkOpen();
    NativeBridge.executeBatch(handle, sql, beginMode());
  }

  /** Whether a transaction is open on the connection right now. */
  public boolean inTransaction() throws SQLException {
    checkOpen();
    return !NativeBridge.isAutocommit(handle);
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return new EdgeliteStatement(this, null, false);
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    checkResultSetType(type, concurrency);
    return createStatement();
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    checkResultSetType(type, concurrency);
    return createStatement();
  }

  private static void checkResultSetType(int type, int concurrency) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY) throw EdgeliteErrors.unsupported("only TYPE_FORWARD_ONLY result sets");
    if (concurrency != ResultSet.CONCUR_READ_ONLY) throw EdgeliteErrors.unsupported("only CONCUR_READ_ONLY result sets");
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return new EdgelitePreparedStatement(this, sql, false);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    return new EdgelitePreparedStatement(this, sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    checkOpen();
    return new EdgelitePreparedStatement(this, sql, true);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    checkOpen();
    return new EdgelitePreparedStatement(this, sql, true);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setAutoCommit(boolean on) throws SQLException {
    checkOpen();
    if (on == autoCommit) return;
    // JDBC: switching auto-commit on commits the open transaction.
    if (on && !NativeBridge.isAutocommit(handle)) NativeBridge.transaction(handle, NativeBridge.TX_COMMIT, 0, null);
    autoCommit = on;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  /**
   * Begins a transaction now, in auto-commit mode too: {@code mode} is {@code deferred}, {@code
   * immediate}, {@code exclusive} or {@code read_only}. End it with {@link #commit()} or {@link
   * #rollback()}; beginning inside a transaction is an {@code SQLITE_ERROR}.
   */
  public void begin(String mode) throws SQLException {
    checkOpen();
    int m;
    switch (mode == null ? "deferred" : mode) {
      case "deferred":
        m = NativeBridge.BEGIN_DEFERRED;
        break;
      case "immediate":
        m = NativeBridge.BEGIN_IMMEDIATE;
        break;
      case "exclusive":
        m = NativeBridge.BEGIN_EXCLUSIVE;
        break;
      case "read_only":
        m = NativeBridge.BEGIN_READ_ONLY;
        break;
      default:
        throw EdgeliteErrors.create(21, "unknown transaction mode " + mode);
    }
    NativeBridge.transaction(handle, NativeBridge.TX_BEGIN, m, null);
  }

  /**
   * Commits. With auto-commit off and no transaction open this does nothing; with auto-commit on
   * it commits a transaction begun by {@link #begin} or SQL, and without one fails as SQLite's
   * {@code COMMIT} does ({@code SQLITE_ERROR}).
   */
  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (autoCommit || !NativeBridge.isAutocommit(handle)) NativeBridge.transaction(handle, NativeBridge.TX_COMMIT, 0, null);
  }

  /** Rolls back; in auto-commit mode as {@link #commit()}. */
  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (autoCommit || !NativeBridge.isAutocommit(handle)) NativeBridge.transaction(handle, NativeBridge.TX_ROLLBACK, 0, null);
  }

  @Override
  public void close() throws SQLException {
    if (closed) return;
    closed = true;
    try {
      NativeBridge.interrupt(handle);
    } catch (SQLException ignored) {
      // nothing running
    }
    for (EdgeliteStatement s : statements.toArray(new EdgeliteStatement[0])) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    try {
      NativeBridge.close(handle); // an open transaction is rolled back
    } finally {
      EdgeliteDriver.release(db);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new EdgeliteDatabaseMetaData(this);
  }

  /**
   * Read-only applies to transactions: with auto-commit off they begin {@code READONLY}, with it
   * on each statement runs in its own read-only transaction; writes fail with {@code
   * SQLITE_READONLY}.
   */
  @Override
  public void setReadOnly(boolean on) throws SQLException {
    checkOpen();
    if (!NativeBridge.isAutocommit(handle)) {
      throw EdgeliteErrors.create(21, "setReadOnly() inside a transaction");
    }
    readOnly = on;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen(); // SQLite has no catalogs: ignored, as JDBC allows
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return null;
  }

  /**
   * SQLite's transactions are {@code SERIALIZABLE}; {@code READ_UNCOMMITTED} sets {@code PRAGMA
   * read_uncommitted} (effective only between connections sharing a cache). Other levels are not
   * supported.
   */
  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_SERIALIZABLE && level != TRANSACTION_READ_UNCOMMITTED) {
      throw EdgeliteErrors.unsupported("isolation level " + level + ": SQLite offers SERIALIZABLE and READ_UNCOMMITTED");
    }
    try (Statement s = createStatement()) {
      s.execute("PRAGMA read_uncommitted = " + (level == TRANSACTION_READ_UNCOMMITTED ? 1 : 0));
    }
    isolation = level;
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return warnings;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    warnings = null;
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return typeMap;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    typeMap = map == null ? new HashMap<>() : map;
  }

  @Override
  public void setHoldability(int h) throws SQLException {
    checkOpen();
    if (h != ResultSet.CLOSE_CURSORS_AT_COMMIT && h != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
      throw EdgeliteErrors.create(21, "unknown holdability " + h);
    }
    holdability = h;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return savepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    if (name == null) throw EdgeliteErrors.create(21, "a savepoint name is null");
    return savepoint(name);
  }

  /**
   * Sets a savepoint. With auto-commit off it nests in the current transaction (beginning it if
   * needed); with auto-commit on, as SQLite's {@code SAVEPOINT}, it begins a transaction that
   * releasing the outermost savepoint commits.
   */
  private Savepoint savepoint(String name) throws SQLException {
    checkOpen();
    if (!autoCommit && NativeBridge.isAutocommit(handle)) {
      NativeBridge.transaction(handle, NativeBridge.TX_BEGIN, beginMode(), null);
    }
    int id = savepointIds.incrementAndGet();
    EdgeliteSavepoint sp = new EdgeliteSavepoint(id, name);
    NativeBridge.transaction(handle, NativeBridge.TX_SAVEPOINT, 0, sp.sqlName());
    return sp;
  }

  private static EdgeliteSavepoint own(Savepoint savepoint) throws SQLException {
    if (!(savepoint instanceof EdgeliteSavepoint)) throw EdgeliteErrors.create(21, "not a savepoint of this driver");
    return (EdgeliteSavepoint) savepoint;
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    rollbackToSavepoint(own(savepoint).sqlName());
  }

  /** Rolls back to the savepoint named {@code name} (SQL {@code ROLLBACK TO}, name quoted). */
  public void rollbackToSavepoint(String name) throws SQLException {
    checkOpen();
    NativeBridge.transaction(handle, NativeBridge.TX_ROLLBACK_TO, 0, name);
  }

  /** Releases the savepoint named {@code name} (SQL {@code RELEASE}, name quoted). */
  public void releaseSavepoint(String name) throws SQLException {
    checkOpen();
    NativeBridge.transaction(handle, NativeBridge.TX_RELEASE, 0, name);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    releaseSavepoint(own(savepoint).sqlName());
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (timeoutSeconds < 0) throw EdgeliteErrors.create(21, "isValid timeout is negative");
    if (closed) return false;
    try (Watchdog w = Watchdog.start(handle, timeoutSeconds * 1000L)) {
      long[] header = new long[6];
      NativeBridge.query(handle, 0, "SELECT 1", 0, null, null, null, null, NativeBridge.BEGIN_NONE, 0, header, null);
      NativeBridge.close(header[0]);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (value == null) clientInfo.remove(name);
    else clientInfo.setProperty(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfo.clear();
    if (properties != null) clientInfo.putAll(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties p = new Properties();
    p.putAll(clientInfo);
    return p;
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen(); // no schemas beyond main/temp/attached: ignored, as JDBC allows
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) throw EdgeliteErrors.create(21, "abort() needs an executor");
    if (closed) return;
    try {
      NativeBridge.interrupt(handle);
    } catch (SQLException ignored) {
      // closing anyway
    }
    executor.execute(
        () -> {
          try {
            close();
          } catch (SQLException ignored) {
            // nothing more to do
          }
        });
  }

  /**
   * Every call on this connection that takes longer than {@code ms} is interrupted and fails with
   * {@link java.sql.SQLTimeoutException} ({@code 0} = no limit). Remote and replica requests also
   * have the {@code requestTimeout} option.
   */
  @Override
  public void setNetworkTimeout(Executor executor, int ms) throws SQLException {
    checkOpen();
    if (ms < 0) throw EdgeliteErrors.create(21, "network timeout is negative");
    networkTimeoutMs = ms;
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return (int) networkTimeoutMs;
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

  Set<EdgeliteStatement> openStatements() {
    return Collections.unmodifiableSet(statements);
  }

  /** A named savepoint; unnamed ones are called {@code SP_<n>}. */
  static final class EdgeliteSavepoint implements Savepoint {
    private final int id;
    private final String name;

    EdgeliteSavepoint(int id, String name) {
      this.id = id;
      this.name = name;
    }

    String sqlName() {
      return name != null ? name : "SP_" + id;
    }

    @Override
    public int getSavepointId() throws SQLException {
      if (name != null) throw EdgeliteErrors.create(21, "a named savepoint has no id");
      return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
      if (name == null) throw EdgeliteErrors.create(21, "an unnamed savepoint has no name");
      return name;
    }
  }
}
