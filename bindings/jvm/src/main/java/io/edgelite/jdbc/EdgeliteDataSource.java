package io.edgelite.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for connection pools and frameworks:
 *
 * <pre>{@code
 * EdgeliteDataSource ds = new EdgeliteDataSource();
 * ds.setUrl("jdbc:edgelite:replica.db");
 * ds.setSyncUrl("http://127.0.0.1:8080");
 * ds.setAuthToken(token);
 * try (Connection c = ds.getConnection()) { ... }
 * }</pre>
 *
 * <p>All connections of one data source share one database, {@code :memory:} included (as
 * {@code DriverManager} connections to the same file do); {@link #close()} lets go of it once its
 * connections are closed.
 */
public class EdgeliteDataSource implements DataSource, AutoCloseable {
  private EdgeliteDriver.SharedDatabase shared;
  private String sharedKey;
  private String url = "jdbc:edgelite::memory:";
  private final Properties properties = new Properties();
  private int loginTimeout;
  private PrintWriter logWriter;

  public EdgeliteDataSource() {}

  public EdgeliteDataSource(String url) {
    setUrl(url);
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  /** Sets any driver option (see {@link EdgeliteDriver}): {@code syncUrl}, {@code busyTimeout}, ... */
  public void setProperty(String key, String value) {
    if (value == null) properties.remove(key);
    else properties.setProperty(key, value);
  }

  public void setAuthToken(String token) {
    setProperty("authToken", token);
  }

  public void setSyncUrl(String syncUrl) {
    setProperty("syncUrl", syncUrl);
  }

  /** Seconds between background syncs of a replica. */
  public void setSyncInterval(double seconds) {
    setProperty("syncInterval", Double.toString(seconds));
  }

  public void setReadOnly(boolean readOnly) {
    setProperty("readOnly", Boolean.toString(readOnly));
  }

  public void setBusyTimeout(long ms) {
    setProperty("busyTimeout", Long.toString(ms));
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(EdgeliteConfig.parse(url, properties));
  }

  /** The password is taken as the auth token; the user name is ignored. */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    if (password != null) p.setProperty("password", password);
    return connect(EdgeliteConfig.parse(url, p));
  }

  private synchronized Connection connect(EdgeliteConfig config) throws SQLException {
    String key = config.shareKey();
    if (shared != null && !key.equals(sharedKey)) {
      EdgeliteDriver.release(shared); // the URL or options changed
      shared = null;
    }
    if (shared == null) {
      shared = EdgeliteDriver.acquire(config);
      sharedKey = key;
    }
    EdgeliteDriver.retain(shared);
    return new EdgeliteConnection(config, shared); // releases it again if it fails
  }

  /** Lets go of the shared database (it closes when its last connection does). */
  @Override
  public synchronized void close() throws SQLException {
    if (shared != null) {
      EdgeliteDriver.release(shared);
      shared = null;
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw (SQLFeatureNotSupportedException) EdgeliteErrors.unsupported("the driver does not log through java.util.logging");
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
}
