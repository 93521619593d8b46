package io.edgelite.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:edgelite:} URLs (see {@link EdgeliteConfig} for the grammar).
 * Registered through {@code META-INF/services/java.sql.Driver}, so {@code
 * DriverManager.getConnection("jdbc:edgelite:app.db")} finds it.
 *
 * <p>Connections to the same file, server or replica (with the same options) share one native
 * database, so a replica syncs once for all of them; each {@code :memory:} connection has its own
 * database.
 */
public final class EdgeliteDriver implements Driver {
  static {
    try {
      DriverManager.registerDriver(new EdgeliteDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A native database and how many connections use it. */
  static final class SharedDatabase {
    final String key;
    final long handle;
    final int mode;
    int users;

    SharedDatabase(String key, long handle, int mode) {
      this.key = key;
      this.handle = handle;
      this.mode = mode;
    }
  }

  private static final Map<String, SharedDatabase> DATABASES = new HashMap<>();

  static SharedDatabase acquire(EdgeliteConfig c) throws SQLException {
    String key = c.isMemory() ? null : c.shareKey();
    synchronized (DATABASES) {
      SharedDatabase shared = key == null ? null : DATABASES.get(key);
      if (shared == null) {
        long h =
            NativeBridge.dbOpen(
                c.target,
                c.syncUrl,
                c.authToken,
                c.namespace,
                c.readOnly && c.syncUrl == null && !EdgeliteConfig.isRemote(c.target),
                c.busyTimeoutMs,
                c.syncIntervalMs,
                c.requestTimeoutMs,
                c.readYourWrites,
                c.createIfMissing);
        shared = new SharedDatabase(key, h, NativeBridge.dbMode(h));
        if (key != null) DATABASES.put(key, shared);
      }
      shared.users++;
      return shared;
    }
  }

  static void retain(SharedDatabase shared) {
    synchronized (DATABASES) {
      shared.users++;
    }
  }

  static void release(SharedDatabase shared) throws SQLException {
    synchronized (DATABASES) {
      if (--shared.users > 0) return;
      if (shared.key != null) DATABASES.remove(shared.key);
    }
    NativeBridge.close(shared.handle);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) return null;
    return new EdgeliteConnection(EdgeliteConfig.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return EdgeliteConfig.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return EdgeliteConfig.propertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return NativeBridgeVersion.MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return NativeBridgeVersion.MINOR;
  }

  /** Not fully JDBC compliant (SQLite has no stored procedures or SQL-92 entry level types). */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw (SQLFeatureNotSupportedException) EdgeliteErrors.unsupported("the driver does not log through java.util.logging");
  }
}
