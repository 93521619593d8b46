package io.edgelite.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.SQLWarning;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The one error-mapping table of the JVM binding ({@code docs/errors.md}, column JVM): from an
 * extended result code to the {@link SQLException} subclass and SQLState. Codes are mapped,
 * never message text.
 */
public final class EdgeliteErrors {
  private EdgeliteErrors() {}

  /** Which standard {@link SQLException} subclass an error becomes. */
  public enum Kind {
    SYNTAX(SQLSyntaxErrorException.class),
    NON_TRANSIENT(SQLNonTransientException.class),
    TRANSACTION_ROLLBACK(SQLTransactionRollbackException.class),
    TRANSIENT(SQLTransientException.class),
    TIMEOUT(SQLTimeoutException.class),
    NON_TRANSIENT_CONNECTION(SQLNonTransientConnectionException.class),
    DATA(SQLDataException.class),
    INTEGRITY(SQLIntegrityConstraintViolationException.class),
    WARNING(SQLWarning.class),
    TRANSIENT_CONNECTION(SQLTransientConnectionException.class),
    INVALID_AUTHORIZATION(SQLInvalidAuthorizationSpecException.class),
    RECOVERABLE(SQLRecoverableException.class),
    FEATURE_NOT_SUPPORTED(SQLFeatureNotSupportedException.class);

    /** The JDBC class this kind's exceptions extend. */
    public final Class<? extends SQLException> jdbcClass;

    Kind(Class<? extends SQLException> jdbcClass) {
      this.jdbcClass = jdbcClass;
    }
  }

  /** One row of the table. */
  public static final class Entry {
    public final Kind kind;
    public final String sqlState;

    Entry(Kind kind, String sqlState) {
      this.kind = kind;
      this.sqlState = sqlState;
    }
  }

  private static final Map<Integer, Entry> PRIMARY;
  private static final Map<Integer, Entry> EXTENDED;

  static {
    Map<Integer, Entry> p = new HashMap<>();
    p.put(1, new Entry(Kind.SYNTAX, "42000")); // SQLITE_ERROR
    p.put(2, new Entry(Kind.NON_TRANSIENT, "XX000")); // SQLITE_INTERNAL
    p.put(3, new Entry(Kind.NON_TRANSIENT, "42501")); // SQLITE_PERM
    p.put(4, new Entry(Kind.TRANSACTION_ROLLBACK, "40000")); // SQLITE_ABORT
    p.put(5, new Entry(Kind.TRANSIENT, "40001")); // SQLITE_BUSY
    p.put(6, new Entry(Kind.TRANSIENT, "40001")); // SQLITE_LOCKED
    p.put(7, new Entry(Kind.NON_TRANSIENT, "53200")); // SQLITE_NOMEM
    p.put(8, new Entry(Kind.NON_TRANSIENT, "25006")); // SQLITE_READONLY
    p.put(9, new Entry(Kind.TIMEOUT, "57014")); // SQLITE_INTERRUPT
    p.put(10, new Entry(Kind.NON_TRANSIENT, "58030")); // SQLITE_IOERR
    p.put(11, new Entry(Kind.NON_TRANSIENT, "XX001")); // SQLITE_CORRUPT
    p.put(12, new Entry(Kind.NON_TRANSIENT, "02000")); // SQLITE_NOTFOUND
    p.put(13, new Entry(Kind.NON_TRANSIENT, "53100")); // SQLITE_FULL
    p.put(14, new Entry(Kind.NON_TRANSIENT_CONNECTION, "08001")); // SQLITE_CANTOPEN
    p.put(15, new Entry(Kind.TRANSIENT, "55000")); // SQLITE_PROTOCOL
    p.put(16, new Entry(Kind.NON_TRANSIENT, "XX000")); // SQLITE_EMPTY
    p.put(17, new Entry(Kind.TRANSIENT, "40001")); // SQLITE_SCHEMA
    p.put(18, new Entry(Kind.DATA, "22001")); // SQLITE_TOOBIG
    p.put(19, new Entry(Kind.INTEGRITY, "23000")); // SQLITE_CONSTRAINT
    p.put(20, new Entry(Kind.DATA, "22000")); // SQLITE_MISMATCH
    p.put(21, new Entry(Kind.NON_TRANSIENT, "HY010")); // SQLITE_MISUSE
    p.put(22, new Entry(Kind.NON_TRANSIENT, "58030")); // SQLITE_NOLFS
    p.put(23, new Entry(Kind.NON_TRANSIENT, "42501")); // SQLITE_AUTH
    p.put(24, new Entry(Kind.NON_TRANSIENT, "XX000")); // SQLITE_FORMAT
    p.put(25, new Entry(Kind.NON_TRANSIENT, "07009")); // SQLITE_RANGE
    p.put(26, new Entry(Kind.NON_TRANSIENT_CONNECTION, "08001")); // SQLITE_NOTADB
    p.put(27, new Entry(Kind.WARNING, "01000")); // SQLITE_NOTICE
    p.put(28, new Entry(Kind.WARNING, "01000")); // SQLITE_WARNING
    p.put(192, new Entry(Kind.TRANSIENT_CONNECTION, "08006")); // EDGELITE_REMOTE
    p.put(193, new Entry(Kind.INVALID_AUTHORIZATION, "28000")); // EDGELITE_AUTH
    p.put(194, new Entry(Kind.NON_TRANSIENT_CONNECTION, "08P01")); // EDGELITE_PROTOCOL
    p.put(195, new Entry(Kind.RECOVERABLE, "58000")); // EDGELITE_SYNC
    p.put(196, new Entry(Kind.FEATURE_NOT_SUPPORTED, "0A000")); // EDGELITE_UNSUPPORTED
    PRIMARY = Collections.unmodifiableMap(p);

    Map<Integer, Entry> x = new HashMap<>();
    x.put(1299, new Entry(Kind.INTEGRITY, "23502")); // SQLITE_CONSTRAINT_NOTNULL
    x.put(787, new Entry(Kind.INTEGRITY, "23503")); // SQLITE_CONSTRAINT_FOREIGNKEY
    x.put(2067, new Entry(Kind.INTEGRITY, "23505")); // SQLITE_CONSTRAINT_UNIQUE
    x.put(1555, new Entry(Kind.INTEGRITY, "23505")); // SQLITE_CONSTRAINT_PRIMARYKEY
    x.put(275, new Entry(Kind.INTEGRITY, "23514")); // SQLITE_CONSTRAINT_CHECK
    x.put(16405, new Entry(Kind.NON_TRANSIENT, "08003")); // EDGELITE_MISUSE_CLOSED
    x.put(16409, new Entry(Kind.NON_TRANSIENT, "07001")); // EDGELITE_RANGE_PARAMETER
    x.put(704, new Entry(Kind.TIMEOUT, "HYT00")); // EDGELITE_REMOTE_TIMEOUT
    x.put(960, new Entry(Kind.TRANSACTION_ROLLBACK, "08007")); // EDGELITE_REMOTE_TRANSACTION_LOST
    x.put(1472, new Entry(Kind.TRANSIENT_CONNECTION, "3D000")); // EDGELITE_REMOTE_NAMESPACE
    x.put(449, new Entry(Kind.NON_TRANSIENT, "42501")); // EDGELITE_AUTH_FORBIDDEN
    EXTENDED = Collections.unmodifiableMap(x);
  }

  /** The table entry for an extended code (its own row, else its primary code's). */
  public static Entry entry(int extendedCode) {
    Entry e = EXTENDED.get(extendedCode);
    if (e == null) e = PRIMARY.get(extendedCode & 0xFF);
    return e != null ? e : new Entry(Kind.NON_TRANSIENT, "HY000");
  }

  /** Whether errors with this code are retryable ({@code docs/errors.md}). */
  public static boolean isRetryable(int extendedCode) {
    int primary = extendedCode & 0xFF;
    if (extendedCode == 960 || extendedCode == 1472) return false;
    return primary == 5 || primary == 6 || primary == 17 || primary == 192;
  }

  private static final Map<Integer, String> PRIMARY_NAMES = new HashMap<>();

  static {
    PRIMARY_NAMES.put(1, "SQLITE_ERROR");
    PRIMARY_NAMES.put(2, "SQLITE_INTERNAL");
    PRIMARY_NAMES.put(3, "SQLITE_PERM");
    PRIMARY_NAMES.put(4, "SQLITE_ABORT");
    PRIMARY_NAMES.put(5, "SQLITE_BUSY");
    PRIMARY_NAMES.put(6, "SQLITE_LOCKED");
    PRIMARY_NAMES.put(7, "SQLITE_NOMEM");
    PRIMARY_NAMES.put(8, "SQLITE_READONLY");
    PRIMARY_NAMES.put(9, "SQLITE_INTERRUPT");
    PRIMARY_NAMES.put(10, "SQLITE_IOERR");
    PRIMARY_NAMES.put(11, "SQLITE_CORRUPT");
    PRIMARY_NAMES.put(12, "SQLITE_NOTFOUND");
    PRIMARY_NAMES.put(13, "SQLITE_FULL");
    PRIMARY_NAMES.put(14, "SQLITE_CANTOPEN");
    PRIMARY_NAMES.put(15, "SQLITE_PROTOCOL");
    PRIMARY_NAMES.put(16, "SQLITE_EMPTY");
    PRIMARY_NAMES.put(17, "SQLITE_SCHEMA");
    PRIMARY_NAMES.put(18, "SQLITE_TOOBIG");
    PRIMARY_NAMES.put(19, "SQLITE_CONSTRAINT");
    PRIMARY_NAMES.put(20, "SQLITE_MISMATCH");
    PRIMARY_NAMES.put(21, "SQLITE_MISUSE");
    PRIMARY_NAMES.put(22, "SQLITE_NOLFS");
    PRIMARY_NAMES.put(23, "SQLITE_AUTH");
    PRIMARY_NAMES.put(24, "SQLITE_FORMAT");
    PRIMARY_NAMES.put(25, "SQLITE_RANGE");
    PRIMARY_NAMES.put(26, "SQLITE_NOTADB");
    PRIMARY_NAMES.put(27, "SQLITE_NOTICE");
    PRIMARY_NAMES.put(28, "SQLITE_WARNING");
    PRIMARY_NAMES.put(192, "EDGELITE_REMOTE");
    PRIMARY_NAMES.put(193, "EDGELITE_AUTH");
    PRIMARY_NAMES.put(194, "EDGELITE_PROTOCOL");
    PRIMARY_NAMES.put(195, "EDGELITE_SYNC");
    PRIMARY_NAMES.put(196, "EDGELITE_UNSUPPORTED");
  }

  /** The name of a primary result code ({@code SQLITE_CONSTRAINT}), from an extended or primary code. */
  public static String primaryName(int code) {
    return PRIMARY_NAMES.getOrDefault(code & 0xFF, "SQLITE_ERROR");
  }

  private static final Map<Integer, String> JAVA_NAMES = new HashMap<>();

  static {
    JAVA_NAMES.put(1, "SQLITE_ERROR");
    JAVA_NAMES.put(9, "SQLITE_INTERRUPT");
    JAVA_NAMES.put(20, "SQLITE_MISMATCH");
    JAVA_NAMES.put(21, "SQLITE_MISUSE");
    JAVA_NAMES.put(25, "SQLITE_RANGE");
    JAVA_NAMES.put(196, "EDGELITE_UNSUPPORTED");
    JAVA_NAMES.put(16405, "EDGELITE_MISUSE_CLOSED");
    JAVA_NAMES.put(16409, "EDGELITE_RANGE_PARAMETER");
  }

  /** Builds the exception for an error raised on the Java side of the driver. */
  static SQLException create(int extendedCode, String message) {
    return create(extendedCode, JAVA_NAMES.getOrDefault(extendedCode, "SQLITE_ERROR"), message, -1);
  }

  static SQLException closed(String what) {
    return create(16405, "the " + what + " is closed");
  }

  static SQLException mismatch(String message) {
    return create(20, message);
  }

  static SQLException unsupported(String message) {
    return create(196, message);
  }

  /** Called by the native library for every error it reports. */
  static SQLException fromNative(int extendedCode, String name, String message, int statementIndex) {
    return create(extendedCode, name, message, statementIndex);
  }

  /** Builds the mapped exception: the JDBC class and SQLState from the table. */
  public static SQLException create(int extendedCode, String name, String message, int statementIndex) {
    Info info = new Info(extendedCode, name, statementIndex);
    Entry e = entry(extendedCode);
    String text = name + ": " + message;
    switch (e.kind) {
      case SYNTAX:
        return new SyntaxError(text, e.sqlState, info);
      case TRANSACTION_ROLLBACK:
        return new TransactionRollback(text, e.sqlState, info);
      case TRANSIENT:
        return new Transient(text, e.sqlState, info);
      case TIMEOUT:
        return new Timeout(text, e.sqlState, info);
      case NON_TRANSIENT_CONNECTION:
        return new NonTransientConnection(text, e.sqlState, info);
      case DATA:
        return new Data(text, e.sqlState, info);
      case INTEGRITY:
        return new Integrity(text, e.sqlState, info);
      case WARNING:
        return new Warning(text, e.sqlState, info);
      case TRANSIENT_CONNECTION:
        return new TransientConnection(text, e.sqlState, info);
      case INVALID_AUTHORIZATION:
        return new InvalidAuthorization(text, e.sqlState, info);
      case RECOVERABLE:
        return new Recoverable(text, e.sqlState, info);
      case FEATURE_NOT_SUPPORTED:
        return new FeatureNotSupported(text, e.sqlState, info);
      case NON_TRANSIENT:
      default:
        return new NonTransient(text, e.sqlState, info);
    }
  }

  static final class Info {
    final int code;
    final String name;
    final int index;

    Info(int code, String name, int index) {
      this.code = code;
      this.name = name;
      this.index = index;
    }
  }

  /** The fields every mapped exception shares. */
  interface Mapped extends EdgeliteException {
    Info info();

    @Override
    default int getExtendedCode() {
      return info().code;
    }

    @Override
    default String getName() {
      return info().name;
    }

    @Override
    default int getStatementIndex() {
      return info().index;
    }

    @Override
    default boolean isRetryable() {
      return EdgeliteErrors.isRetryable(info().code);
    }
  }

  static final class SyntaxError extends SQLSyntaxErrorException implements Mapped {
    private final transient Info info;

    SyntaxError(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class NonTransient extends SQLNonTransientException implements Mapped {
    private final transient Info info;

    NonTransient(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class TransactionRollback extends SQLTransactionRollbackException implements Mapped {
    private final transient Info info;

    TransactionRollback(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Transient extends SQLTransientException implements Mapped {
    private final transient Info info;

    Transient(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Timeout extends SQLTimeoutException implements Mapped {
    private final transient Info info;

    Timeout(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class NonTransientConnection extends SQLNonTransientConnectionException implements Mapped {
    private final transient Info info;

    NonTransientConnection(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Data extends SQLDataException implements Mapped {
    private final transient Info info;

    Data(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Integrity extends SQLIntegrityConstraintViolationException implements Mapped {
    private final transient Info info;

    Integrity(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Warning extends SQLWarning implements Mapped {
    private final transient Info info;

    Warning(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class TransientConnection extends SQLTransientConnectionException implements Mapped {
    private final transient Info info;

    TransientConnection(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class InvalidAuthorization extends SQLInvalidAuthorizationSpecException implements Mapped {
    private final transient Info info;

    InvalidAuthorization(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class Recoverable extends SQLRecoverableException implements Mapped {
    private final transient Info info;

    Recoverable(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }

  static final class FeatureNotSupported extends SQLFeatureNotSupportedException implements Mapped {
    private final transient Info info;

    FeatureNotSupported(String m, String s, Info i) {
      super(m, s, i.code);
      info = i;
    }

    public Info info() {
      return info;
    }
  }
}
