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
 */
public class EdgeliteDataSource implements DataSource {
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
    return new EdgeliteConnection(EdgeliteConfig.parse(url, properties));
  }

  /** The password is taken as the auth token; the user name is ignored. */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    if (password != null) p.setProperty("password", password);
    return new EdgeliteConnection(EdgeliteConfig.parse(url, p));
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
