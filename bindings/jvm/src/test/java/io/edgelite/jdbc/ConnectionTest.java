package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
  @TempDir Path dir;
  Connection c;
  String url;

  @BeforeEach
  void open() throws Exception {
    url = "jdbc:edgelite:" + dir.resolve("c.db");
    c = DriverManager.getConnection(url);
    c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, x)");
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  long count() throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void autoCommitIsOnByDefault() throws Exception {
    assertTrue(c.getAutoCommit());
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    try (Connection other = DriverManager.getConnection(url)) {
      ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM t");
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  void manualCommitBeginsLazilyAndCommits() throws Exception {
    EdgeliteConnection e = c.unwrap(EdgeliteConnection.class);
    c.setAutoCommit(false);
    assertFalse(e.inTransaction(), "no transaction before the first statement");
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    assertTrue(e.inTransaction());
    try (Connection other = DriverManager.getConnection(url)) {
      ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM t");
      rs.next();
      assertEquals(0, rs.getInt(1), "uncommitted rows are invisible to others");
    }
    c.commit();
    assertFalse(e.inTransaction());
    assertEquals(1, count());
  }

  @Test
  void rollbackDiscards() throws Exception {
    c.setAutoCommit(false);
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    c.rollback();
    assertEquals(0, count());
  }

  @Test
  void turningAutoCommitOnCommits() throws Exception {
    c.setAutoCommit(false);
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    c.setAutoCommit(true);
    assertFalse(c.unwrap(EdgeliteConnection.class).inTransaction());
    assertEquals(1, count());
  }

  @Test
  void commitWithoutATransactionInAutoCommitModeIsSqliteError() {
    SQLException e = assertThrows(SQLException.class, () -> c.commit());
    assertEquals(1, e.getErrorCode());
    assertThrows(SQLException.class, () -> c.rollback());
  }

  @Test
  void closingRollsBackAnOpenTransaction() throws Exception {
    c.setAutoCommit(false);
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    c.close();
    try (Connection other = DriverManager.getConnection(url)) {
      ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM t");
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
  }

  @Test
  void savepoints() throws Exception {
    c.setAutoCommit(false);
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    Savepoint sp = c.setSavepoint();
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (2)");
    Savepoint named = c.setSavepoint("second");
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (3)");
    c.rollback(named);
    assertEquals(2, count());
    c.rollback(sp);
    assertEquals(1, count());
    c.releaseSavepoint(sp);
    c.commit();
    assertEquals(1, count());
    assertEquals("second", named.getSavepointName());
    assertThrows(SQLException.class, named::getSavepointId);
    assertTrue(sp.getSavepointId() > 0);
    assertThrows(SQLException.class, sp::getSavepointName);
  }

  @Test
  void releasingAnUnknownSavepointIsAnError() {
    SQLException e = assertThrows(SQLException.class, () -> c.unwrap(EdgeliteConnection.class).releaseSavepoint("nope"));
    assertEquals(1, e.getErrorCode());
  }

  @Test
  void beginModes() throws Exception {
    EdgeliteConnection e = c.unwrap(EdgeliteConnection.class);
    for (String mode : new String[] {"deferred", "immediate", "exclusive", "read_only"}) {
      e.begin(mode);
      assertTrue(e.inTransaction(), mode);
      c.rollback();
    }
    e.begin("read_only");
    SQLException err = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)"));
    assertEquals("25006", err.getSQLState());
    c.rollback();
    assertThrows(SQLException.class, () -> e.begin("lazy"));
    e.begin("deferred");
    SQLException twice = assertThrows(SQLException.class, () -> e.begin("deferred"));
    assertEquals(1, twice.getErrorCode());
    c.rollback();
  }

  @Test
  void readOnlyConnectionRefusesWritesInBothCommitModes() throws Exception {
    c.setReadOnly(true);
    assertTrue(c.isReadOnly());
    SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)"));
    assertEquals(8, e.getErrorCode() & 0xFF);
    assertEquals(0, count(), "reads still work");
    assertFalse(c.unwrap(EdgeliteConnection.class).inTransaction(), "the implicit read-only transaction ended");
    c.setAutoCommit(false);
    assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)"));
    c.rollback();
    c.setAutoCommit(true);
    c.setReadOnly(false);
    c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
    assertEquals(1, count());
  }

  @Test
  void isolationLevelsSqliteHonours() throws Exception {
    assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
    c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
    assertEquals(Connection.TRANSACTION_READ_UNCOMMITTED, c.getTransactionIsolation());
    try (ResultSet rs = c.createStatement().executeQuery("PRAGMA read_uncommitted")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    assertThrows(SQLFeatureNotSupportedException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED));
    assertTrue(c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
    assertFalse(c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ));
  }

  @Test
  void isValidAndClose() throws Exception {
    assertTrue(c.isValid(0));
    assertThrows(SQLException.class, () -> c.isValid(-1));
    c.close();
    assertTrue(c.isClosed());
    assertFalse(c.isValid(1));
    c.close(); // twice is fine
    SQLException e = assertThrows(SQLException.class, c::createStatement);
    assertEquals("08003", e.getSQLState());
    assertEquals(16405, e.getErrorCode());
  }

  @Test
  void networkTimeoutInterruptsLongCalls() throws Exception {
    ExecutorService ex = Executors.newSingleThreadExecutor();
    c.setNetworkTimeout(ex, 200);
    assertEquals(200, c.getNetworkTimeout());
    long start = System.nanoTime();
    assertThrows(
        SQLTimeoutException.class,
        () -> c.createStatement().executeQuery("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r").next());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10000);
    c.setNetworkTimeout(ex, 0);
    assertEquals(0, count(), "the connection works after the timeout");
    ex.shutdown();
  }

  @Test
  void abortClosesFromAnotherThread() throws Exception {
    ExecutorService ex = Executors.newSingleThreadExecutor();
    c.abort(ex);
    ex.shutdown();
    assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(c.isClosed());
  }

  @Test
  void onlyForwardOnlyReadOnlyResultSets() throws Exception {
    assertThrows(SQLFeatureNotSupportedException.class, () -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY));
    assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
    assertNotNull(c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
    assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("SELECT 1"));
  }

  @Test
  void wrapperAndMiscellany() throws Exception {
    assertTrue(c.isWrapperFor(EdgeliteConnection.class));
    assertThrows(SQLException.class, () -> c.unwrap(String.class));
    assertEquals("SELECT 1", c.nativeSQL("SELECT 1"));
    assertNull(c.getCatalog());
    assertNull(c.getSchema());
    c.setClientInfo("ApplicationName", "test");
    assertEquals("test", c.getClientInfo("ApplicationName"));
    assertNull(c.getWarnings());
    c.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT);
    assertEquals(ResultSet.HOLD_CURSORS_OVER_COMMIT, c.getHoldability());
    assertTrue(c.getTypeMap().isEmpty());
  }

  @Test
  void scriptsAndConnectionCounters() throws Exception {
    EdgeliteConnection e = c.unwrap(EdgeliteConnection.class);
    e.executeScript("INSERT INTO t(x) VALUES (1); INSERT INTO t(x) VALUES (2), (3);");
    assertEquals(2, e.changes());
    assertEquals(3, e.lastInsertRowid());
    e.setBusyTimeout(100);
    assertThrows(SQLException.class, () -> e.setBusyTimeout(-1));
  }

  @Test
  void busyWhenAnotherConnectionHoldsTheWriteLock() throws Exception {
    try (Connection other = DriverManager.getConnection(url + "?busyTimeout=50")) {
      c.unwrap(EdgeliteConnection.class).begin("immediate");
      c.createStatement().executeUpdate("INSERT INTO t(x) VALUES (1)");
      SQLException e = assertThrows(SQLException.class, () -> other.createStatement().executeUpdate("INSERT INTO t(x) VALUES (2)"));
      assertEquals(5, e.getErrorCode() & 0xFF);
      assertEquals("40001", e.getSQLState());
      assertTrue(((EdgeliteException) e).isRetryable());
      assertTrue(e instanceof java.sql.SQLTransientException);
      c.commit();
    }
  }

  @Test
  void statementsCloseWithTheirConnection() throws Exception {
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT 1");
    c.close();
    assertTrue(s.isClosed());
    assertTrue(rs.isClosed());
  }
}
