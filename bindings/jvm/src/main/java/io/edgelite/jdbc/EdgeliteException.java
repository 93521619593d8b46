package io.edgelite.jdbc;

/**
 * Implemented by every {@link java.sql.SQLException} the driver throws: the exception is one of
 * JDBC's standard subclasses (by {@code docs/errors.md}), and this interface adds edgelite's
 * error fields. {@link java.sql.SQLException#getErrorCode()} is the extended code too.
 *
 * <pre>{@code
 * } catch (SQLException e) {
 *   if (e instanceof EdgeliteException && ((EdgeliteException) e).getName().equals("SQLITE_CONSTRAINT_UNIQUE")) ...
 * }</pre>
 */
public interface EdgeliteException {
  /** The extended result code, e.g. 2067 ({@code SQLITE_CONSTRAINT_UNIQUE}). */
  int getExtendedCode();

  /** The primary result code ({@code extended & 0xFF}), e.g. 19 ({@code SQLITE_CONSTRAINT}). */
  default int getPrimaryCode() {
    return getExtendedCode() & 0xFF;
  }

  /** The extended code's name, e.g. {@code SQLITE_CONSTRAINT_UNIQUE}. */
  String getName();

  /** For a failed batch: the index of the statement (or parameter set) that failed, else -1. */
  int getStatementIndex();

  /** Whether the same call, unchanged, may succeed later (busy, locked, network). */
  boolean isRetryable();
}
