package io.edgelite.jdbc;

import java.sql.SQLException;

/**
 * The native methods (bindings/jvm/src/lib.rs). Handles are numbers from a native table, so a
 * closed or stale handle is an {@code EDGELITE_MISUSE_CLOSED} error, never a crash. Parameters
 * cross as parallel arrays: {@code types[i]} is one of the {@code T_*} tags, and the value is in
 * {@code longs[i]} (INTEGER), {@code doubles[i]} (REAL) or {@code objects[i]} (TEXT as String,
 * BLOB as byte[]). Result rows cross in blocks of two primitive arrays ({@link #query}), so a
 * block costs the same few JNI calls however many strings it holds.
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

  /** Runs one statement ({@code sqlId}'s SQL when it is not 0, else {@code sql}); returns {changes, last insert rowid}. */
  static native long[] execute(
      long conn, long sqlId, String sql, int count, int[] types, long[] longs, double[] doubles, Object[] objects, int begin)
      throws SQLException;

  /**
   * Keeps {@code sql} natively for a statement that runs it again and again, so it is not converted
   * for each run; returns its id for {@link #execute} and {@link #query}. {@link #close} forgets it.
   */
  static native long intern(String sql) throws SQLException;

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

  /**
   * Runs a query ({@code sqlId}'s SQL when it is not 0, else {@code sql}) and reads up to {@code
   * max} of its rows (as many as fit in {@code cells}) in the same call. {@code cells} starts with
   * a header: {result handle, columns, rows read, changes, last insert rowid, where the column
   * descriptions start in the returned array}. Then come two longs a cell: the tag, with a TEXT or
   * BLOB's byte length above its low byte; then the INTEGER, the REAL's bits ({@link
   * Double#longBitsToDouble}) or where the UTF-8 text or the blob starts in the returned array,
   * which is {@code bytes} or, when they do not fit, a new one. When the rows ended within the
   * call, the statement is already released: the handle is 0 and the changes and the column
   * descriptions (for each of names, declared types, tables and origin columns, for each column: a
   * big-endian int length, -1 for none, then UTF-8) are there; otherwise the changes are -1 and
   * {@link #columns} describes the result.
   */
  static native byte[] query(
      long conn,
      long sqlId,
      String sql,
      int count,
      int[] types,
      long[] longs,
      double[] doubles,
      Object[] objects,
      int begin,
      int max,
      long[] cells,
      byte[] bytes)
      throws SQLException;

  /**
   * Reads up to {@code max} rows of an open result (as many as fit in {@code cells}), encoded as
   * {@link #query} does after a header of {rows read, exhausted (0/1), changes, last insert rowid};
   * the changes are -1 but in the call that found the end (and released the statement).
   */
  static native byte[] fetch(long rows, int max, long[] cells, byte[] bytes) throws SQLException;

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
