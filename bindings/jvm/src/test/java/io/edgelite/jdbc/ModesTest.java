package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote (http://, ws://) and replica modes against a real `edgelite serve`. */
class ModesTest {
  static TestServer server;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static long count(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void exercise(String url, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      EdgeliteConnection e = c.unwrap(EdgeliteConnection.class);
      assertEquals(EdgeliteConnection.MODE_REMOTE, e.getMode());
      Statement s = c.createStatement();
      s.executeUpdate("CREATE TABLE " + table + "(id INTEGER PRIMARY KEY, v)");
      PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "(id, v) VALUES (?, ?)");
      ps.setLong(1, 9007199254740993L);
      ps.setString(2, "big");
      assertEquals(1, ps.executeUpdate());
      ResultSet keys = ps.getGeneratedKeys();
      assertTrue(keys.next());
      assertEquals(9007199254740993L, keys.getLong(1), "exact over the wire");
      c.setAutoCommit(false);
      for (int i = 1; i <= 10; i++) {
        ps.setLong(1, i);
        ps.setDouble(2, i + 0.5);
        ps.addBatch();
      }
      assertEquals(10, ps.executeBatch().length);
      c.rollback();
      assertEquals(1, count(c, table), "the rolled-back batch is gone");
      ps.setLong(1, 1);
      ps.setBytes(2, new byte[] {1, 2});
      ps.executeUpdate();
      c.commit();
      c.setAutoCommit(true);
      ResultSet rs = c.createStatement().executeQuery("SELECT id, v FROM " + table + " ORDER BY id");
      assertTrue(rs.next());
      assertArrayEquals(new byte[] {1, 2}, rs.getBytes(2));
      assertTrue(rs.next());
      assertEquals(9007199254740993L, rs.getLong(1));
      assertFalse(rs.next());
      SQLException dup = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + "(id) VALUES (1)"));
      assertEquals(1555, dup.getErrorCode());
      assertEquals("23505", dup.getSQLState());
      assertTrue(c.isValid(5));
      assertThrows(java.sql.SQLFeatureNotSupportedException.class, e::sync);
      assertTrue(c.getMetaData().getTables(null, null, table, null).next(), "metadata works remotely");
      assertFalse(c.getMetaData().usesLocalFiles());
    }
  }

  @Test
  void remoteOverHttp() throws Exception {
    exercise("jdbc:edgelite:" + server.url, "http_t");
  }

  @Test
  void remoteOverWebSocket() throws Exception {
    exercise("jdbc:edgelite:" + server.wsUrl(), "ws_t");
  }

  @Test
  void remoteCancel() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + server.url)) {
      Statement s = c.createStatement();
      s.setQueryTimeout(1);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(StatementTest.FOREVER).next());
      assertTrue(e instanceof java.sql.SQLTimeoutException, e.toString());
      assertTrue(c.isValid(5), "the connection works after the interrupt");
    }
  }

  @Test
  void unreachableServerIsARemoteError() throws Exception {
    SQLException e =
        assertThrows(SQLException.class, () -> {
          try (Connection c = DriverManager.getConnection("jdbc:edgelite:http://127.0.0.1:9?requestTimeout=2000")) {
            c.createStatement().executeQuery("SELECT 1").next();
          }
        });
    assertEquals(192, e.getErrorCode() & 0xFF, e.toString());
    assertTrue(e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLTimeoutException, e.toString());
    assertTrue(((EdgeliteException) e).isRetryable() || e.getErrorCode() == 704);
  }

  @Test
  void libsqlSchemeMeansTls() throws Exception {
    // libsql:// is https://: a plain-HTTP server cannot complete the TLS handshake.
    String hostPort = server.url.substring("http://".length());
    SQLException e =
        assertThrows(SQLException.class, () -> {
          try (Connection c = DriverManager.getConnection("jdbc:edgelite:libsql://" + hostPort + "?requestTimeout=5000")) {
            c.createStatement().executeQuery("SELECT 1").next();
          }
        });
    assertEquals(192, e.getErrorCode() & 0xFF, e.toString());
  }

  @Test
  void authenticationFailureIsTyped() throws Exception {
    try (TestServer secured = TestServer.start("--http-auth", "basic:dXNlcjpwYXNz")) {
      SQLException e =
          assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + secured.url + "?authToken=wrong")) {
              c.createStatement().executeQuery("SELECT 1").next();
            }
          });
      assertEquals(193, e.getErrorCode() & 0xFF, e.toString());
      assertTrue(e instanceof java.sql.SQLInvalidAuthorizationSpecException, e.toString());
      assertEquals("28000", e.getSQLState());
    }
  }

  @Test
  void replicaReadsLocallyForwardsWritesAndSyncs() throws Exception {
    try (Connection primary = DriverManager.getConnection("jdbc:edgelite:" + server.url)) {
      primary.createStatement().executeUpdate("CREATE TABLE r(id INTEGER PRIMARY KEY, v TEXT)");
      primary.createStatement().executeUpdate("INSERT INTO r(v) VALUES ('from primary')");
      String url = "jdbc:edgelite:" + dir.resolve("replica.db") + "?syncUrl=" + server.url;
      try (Connection replica = DriverManager.getConnection(url)) {
        EdgeliteConnection e = replica.unwrap(EdgeliteConnection.class);
        assertEquals(EdgeliteConnection.MODE_REPLICA, e.getMode());
        SyncResult first = e.sync();
        assertTrue(first.getGeneration() >= 1, first.toString());
        assertEquals(1, count(replica, "r"), "the primary's row, read locally");
        replica.createStatement().executeUpdate("INSERT INTO r(v) VALUES ('from replica')");
        assertEquals(2, count(replica, "r"), "read-your-writes");
        assertEquals(2, count(primary, "r"), "the write went to the primary");
        primary.createStatement().executeUpdate("INSERT INTO r(v) VALUES ('later')");
        SyncResult again = e.sync();
        assertTrue(again.getFramesApplied() > 0, again.toString());
        assertEquals(3, count(replica, "r"));
        replica.setAutoCommit(false);
        replica.createStatement().executeUpdate("INSERT INTO r(v) VALUES ('in a transaction')");
        assertEquals(4, count(replica, "r"), "the transaction sees itself");
        replica.rollback();
        replica.setAutoCommit(true);
        assertEquals(3, count(replica, "r"));
        try (Connection second = DriverManager.getConnection(url)) {
          assertEquals(3, count(second, "r"), "connections to one replica share it");
        }
      }
    }
  }

  @Test
  void replicaThroughPropertiesAndDataSource() throws Exception {
    try (Connection primary = DriverManager.getConnection("jdbc:edgelite:" + server.url)) {
      primary.createStatement().executeUpdate("CREATE TABLE IF NOT EXISTS p(x)");
      primary.createStatement().executeUpdate("INSERT INTO p VALUES (1)");
    }
    Properties props = new Properties();
    props.setProperty("syncUrl", server.url);
    props.setProperty("syncInterval", "0.2");
    props.setProperty("readYourWrites", "true");
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("props.db"), props)) {
      c.unwrap(EdgeliteConnection.class).sync();
      assertTrue(count(c, "p") >= 1);
    }
    EdgeliteDataSource ds = new EdgeliteDataSource("jdbc:edgelite:" + dir.resolve("ds.db"));
    ds.setSyncUrl(server.url);
    ds.setSyncInterval(0.2);
    try (Connection c = ds.getConnection()) {
      long before = count(c, "p");
      try (Connection primary = DriverManager.getConnection("jdbc:edgelite:" + server.url)) {
        primary.createStatement().executeUpdate("INSERT INTO p VALUES (2)");
      }
      long deadline = System.currentTimeMillis() + 10000;
      while (count(c, "p") == before && System.currentTimeMillis() < deadline) Thread.sleep(50);
      assertEquals(before + 1, count(c, "p"), "the periodic sync pulled the new row");
    } finally {
      ds.close();
    }
  }
}
