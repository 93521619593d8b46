package io.edgelite.jdbc;

import java.sql.SQLException;

/**
 * The native methods (bindings/jvm/src/lib.rs). Handles are numbers from a native table, so a
 * closed or stale handle is an {@code EDGELITE_MISUSE_CLOSED} error, never a crash. Values cross
 * as parallel arrays: {@code types[i]} is one of the {@code T_*} tags, and the value is in {@code
 * longs[i]} (INTEGER), {@code doubles[i]} (REAL) or {@code objects[i]} (TEXT as String, BLOB as
 * byte[]).
 */
final class NativeBridge {
  static final int T_NULL = 0;
  static final int T_INTEGER = 1;
  static final int T_REAL = 2;
  static final int T_TEXT = 3;
  static final int T_BLOB = 4;

  static final int TX_BEGIN = 0;
  static final int TX_COMMIT = 1;
  static final int TX_ROLLBACK = 2;
  static final int TX_SAVEPOINT = 3;
  static final int TX_RELEASE = 4;
  static final int TX_ROLLBACK_TO = 5;

  static final int BEGIN_NONE = -1;
  static final int BEGIN_DEFERRED = 0;
  static final int BEGIN_IMMEDIATE = 1;
  static final int BEGIN_EXCLUSIVE = 2;
  static final int BEGIN_READ_ONLY = 3;

  static {
    NativeLoader.load();
  }

  private NativeBridge() {}

  static native String version();

  static native String sqliteVersion();

  static native long dbOpen(
      String target,
      String syncUrl,
      String authToken,
      String namespace,
      boolean readOnly,
      long busyTimeoutMs,
      long syncIntervalMs,
      long requestTimeoutMs,
      int readYourWrites,
      boolean createIfMissing)
      throws SQLException;

  static native int dbMode(long db) throws SQLException;

  static native long dbConnect(long db) throws SQLException;

  static native long[] dbSync(long db) throws SQLException;

  static native void close(long handle) throws SQLException;

  static native long[] execute(
      long conn, String sql, int count, int[] types, long[] longs, double[] doubles, Object[] objects, int begin)
      throws SQLException;

  static native int executeMany(
      long conn,
      String sql,
      int sets,
      int count,
      int[] types,
      long[] longs,
      double[] doubles,
      Object[] objects,
      int begin,
      long[] changes,
      long[] rowids,
      int[] done)
      throws SQLException;

  static native long query(
      long conn,
      String sql,
      int count,
      int[] types,
      long[] longs,
      double[] doubles,
      Object[] objects,
      int begin,
      int[] ncols)
      throws SQLException;

  static native int fetch(long rows, int max, int[] types, long[] longs, double[] doubles, Object[] objects, long[] done)
      throws SQLException;

  static native Object[] columns(long rows) throws SQLException;

  static native Object[] describe(long conn, String sql) throws SQLException;

  static native void executeBatch(long conn, String sql, int begin) throws SQLException;

  static native void transaction(long conn, int op, int mode, String name) throws SQLException;

  static native boolean isAutocommit(long conn) throws SQLException;

  static native long lastInsertRowid(long conn) throws SQLException;

  static native long changes(long conn) throws SQLException;

  static native void interrupt(long conn) throws SQLException;

  static native void busyTimeout(long conn, long ms) throws SQLException;

  static native long[] finish(long rows) throws SQLException;

  static native String[] allCodes() throws SQLException;
}
