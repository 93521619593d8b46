package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementTest {
  static final String FOREVER = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";
  Connection c;

  @BeforeEach
  void open() throws Exception {
    c = DriverManager.getConnection("jdbc:edgelite::memory:");
    c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, x UNIQUE)");
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  @Test
  void executeReportsResultOrCount() throws Exception {
    Statement s = c.createStatement();
    assertFalse(s.execute("INSERT INTO t(x) VALUES (1), (2)"));
    assertEquals(2, s.getUpdateCount());
    assertNull(s.getResultSet());
    assertTrue(s.execute("SELECT x FROM t ORDER BY x"));
    assertEquals(-1, s.getUpdateCount());
    ResultSet rs = s.getResultSet();
    assertTrue(rs.next());
    assertEquals(1, rs.getInt(1));
    assertFalse(s.getMoreResults());
    assertTrue(rs.isClosed(), "getMoreResults closes the current result");
    assertEquals(-1, s.getUpdateCount());
    assertEquals(1, s.executeUpdate("UPDATE t SET x = 3 WHERE x = 2"));
    assertEquals(1L, s.executeLargeUpdate("DELETE FROM t WHERE x = 3"));
  }

  @Test
  void severalStatementsRunAsAScript() throws Exception {
    Statement s = c.createStatement();
    assertEquals(0, s.executeUpdate("INSERT INTO t(x) VALUES (10); INSERT INTO t(x) VALUES (11);"));
    assertFalse(s.execute("DELETE FROM t WHERE x = 10; DELETE FROM t WHERE x = 11"));
    ResultSet rs = s.executeQuery("SELECT count(*) FROM t");
    rs.next();
    assertEquals(0, rs.getInt(1));
    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1; SELECT 2"));
    assertEquals(16917, e.getErrorCode());
  }

  @Test
  void generatedKeysAfterInserts() throws Exception {
    Statement s = c.createStatement();
    s.executeUpdate("INSERT INTO t(id, x) VALUES (9007199254740993, 'a')", Statement.RETURN_GENERATED_KEYS);
    ResultSet keys = s.getGeneratedKeys();
    assertTrue(keys.next());
    assertEquals(9007199254740993L, keys.getLong(1), "64-bit rowids are exact");
    assertEquals("last_insert_rowid()", keys.getMetaData().getColumnName(1));
    assertFalse(keys.next());
    s.executeUpdate("UPDATE t SET x = 'b'");
    assertFalse(s.getGeneratedKeys().next(), "no keys after an UPDATE");

    PreparedStatement ps = c.prepareStatement("INSERT INTO t(x) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
    for (int i = 0; i < 3; i++) {
      ps.setInt(1, 100 + i);
      ps.addBatch();
    }
    ps.executeBatch();
    ResultSet batchKeys = ps.getGeneratedKeys();
    int n = 0;
    while (batchKeys.next()) {
      assertEquals(9007199254740994L + n, batchKeys.getLong(1));
      n++;
    }
    assertEquals(3, n, "one key per batched insert");
  }

  @Test
  void statementBatches() throws Exception {
    Statement s = c.createStatement();
    s.addBatch("INSERT INTO t(x) VALUES (1)");
    s.addBatch("INSERT INTO t(x) VALUES (2), (3)");
    s.addBatch("DELETE FROM t WHERE x = 1");
    assertArrayEquals(new int[] {1, 2, 1}, s.executeBatch());
    assertArrayEquals(new int[0], s.executeBatch(), "the batch was cleared");
    s.addBatch("INSERT INTO t(x) VALUES (5)");
    s.addBatch("INSERT INTO t(x) VALUES (2)");
    s.addBatch("INSERT INTO t(x) VALUES (6)");
    BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
    assertArrayEquals(new int[] {1}, e.getUpdateCounts());
    assertEquals(2067, e.getErrorCode());
    assertEquals("23505", e.getSQLState());
    assertTrue(e.getCause() instanceof EdgeliteException);
  }

  @Test
  void preparedBatchesRunInOneCallAndReportPartialProgress() throws Exception {
    c.setAutoCommit(false);
    PreparedStatement ps = c.prepareStatement("INSERT INTO t(x) VALUES (?)");
    for (int i = 0; i < 1000; i++) {
      ps.setInt(1, i);
      ps.addBatch();
    }
    int[] counts = ps.executeBatch();
    assertEquals(1000, counts.length);
    for (int n : counts) assertEquals(1, n);
    c.commit();
    ps.setInt(1, 5000);
    ps.addBatch();
    ps.setInt(1, 7);
    ps.addBatch();
    BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
    assertArrayEquals(new int[] {1}, e.getUpdateCounts());
    assertEquals("23505", e.getSQLState());
    c.rollback();
    ps.clearBatch();
    assertArrayEquals(new int[0], ps.executeBatch());
  }

  @Test
  void maxRowsLimitsResults() throws Exception {
    Statement s = c.createStatement();
    s.executeUpdate("INSERT INTO t(x) VALUES (1), (2), (3)");
    s.setMaxRows(2);
    assertEquals(2, s.getMaxRows());
    ResultSet rs = s.executeQuery("SELECT x FROM t");
    assertTrue(rs.next());
    assertTrue(rs.next());
    assertFalse(rs.next());
  }

  @Test
  void cancelInterruptsARunningQuery() throws Exception {
    Statement s = c.createStatement();
    AtomicReference<Throwable> err = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                s.executeQuery(FOREVER).next();
              } catch (Throwable e) {
                err.set(e);
              }
            });
    t.start();
    Thread.sleep(200);
    s.cancel();
    t.join(10000);
    assertFalse(t.isAlive());
    assertTrue(err.get() instanceof SQLTimeoutException, String.valueOf(err.get()));
    assertEquals(9, ((SQLException) err.get()).getErrorCode());
    assertEquals("57014", ((SQLException) err.get()).getSQLState());
    assertTrue(s.execute("SELECT 1"), "the statement works again");
  }

  @Test
  void queryTimeout() throws Exception {
    Statement s = c.createStatement();
    s.setQueryTimeout(1);
    assertEquals(1, s.getQueryTimeout());
    long start = System.currentTimeMillis();
    SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> s.executeQuery(FOREVER).next());
    assertTrue(System.currentTimeMillis() - start >= 900);
    assertEquals("SQLITE_INTERRUPT", ((EdgeliteException) e).getName());
    assertThrows(SQLException.class, () -> s.setQueryTimeout(-1));
  }

  @Test
  void closeOnCompletion() throws Exception {
    Statement s = c.createStatement();
    s.closeOnCompletion();
    assertTrue(s.isCloseOnCompletion());
    ResultSet rs = s.executeQuery("SELECT 1");
    rs.close();
    assertTrue(s.isClosed());
  }

  @Test
  void closedStatementsRefuseCalls() throws Exception {
    Statement s = c.createStatement();
    s.close();
    s.close();
    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    assertEquals(16405, e.getErrorCode());
    assertEquals("08003", e.getSQLState());
  }

  @Test
  void preparedStatementRefusesSqlArguments() throws Exception {
    PreparedStatement ps = c.prepareStatement("SELECT 1");
    assertThrows(SQLException.class, () -> ps.executeQuery("SELECT 2"));
    assertThrows(SQLException.class, () -> ps.executeUpdate("SELECT 2"));
    assertThrows(SQLException.class, () -> ps.execute("SELECT 2"));
    assertThrows(SQLException.class, () -> ps.addBatch("SELECT 2"));
  }

  @Test
  void preparedMetadataWithoutRunning() throws Exception {
    PreparedStatement ps = c.prepareStatement("SELECT id, x AS label, :p FROM t WHERE id = ?");
    assertEquals(3, ps.getMetaData().getColumnCount());
    assertEquals("label", ps.getMetaData().getColumnLabel(2));
    assertEquals("INTEGER", ps.getMetaData().getColumnTypeName(1));
    assertEquals(2, ps.getParameterMetaData().getParameterCount());
    assertEquals(":p", ps.getParameterMetaData().unwrap(EdgeliteParameterMetaData.class).getParameterName(1));
    assertNull(ps.getParameterMetaData().unwrap(EdgeliteParameterMetaData.class).getParameterName(2));
    assertNull(c.prepareStatement("DELETE FROM t").getMetaData(), "no columns, no metadata");
  }

  @Test
  void everyParameterMustBeSet() throws Exception {
    PreparedStatement ps = c.prepareStatement("SELECT ?, ?");
    ps.setInt(1, 1);
    SQLException e = assertThrows(SQLException.class, ps::executeQuery);
    assertEquals(16409, e.getErrorCode());
    assertEquals("07001", e.getSQLState());
    assertThrows(SQLException.class, () -> ps.setInt(3, 1));
    ps.setInt(2, 2);
    assertTrue(ps.executeQuery().next());
    ps.clearParameters();
    assertThrows(SQLException.class, ps::executeQuery);
  }

  @Test
  void resultSetIsForwardOnly() throws Exception {
    ResultSet rs = c.createStatement().executeQuery("SELECT 1 UNION ALL SELECT 2");
    assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
    assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
    assertTrue(rs.isBeforeFirst());
    assertThrows(SQLException.class, () -> rs.getInt(1), "not on a row yet");
    assertTrue(rs.next());
    assertTrue(rs.isFirst());
    assertEquals(1, rs.getRow());
    assertThrows(SQLException.class, rs::previous);
    assertThrows(SQLException.class, rs::first);
    assertThrows(SQLException.class, () -> rs.updateInt(1, 5));
    assertThrows(SQLException.class, () -> rs.getInt(2));
    assertThrows(SQLException.class, () -> rs.getInt("nope"));
    assertTrue(rs.next());
    assertFalse(rs.next());
    assertFalse(rs.next());
    assertTrue(rs.isAfterLast());
    rs.close();
    assertThrows(SQLException.class, rs::next);
  }

  @Test
  void largeResultsStream() throws Exception {
    ResultSet rs = c.createStatement().executeQuery("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 100000) SELECT i, 'row' || i FROM r");
    long sum = 0;
    int n = 0;
    while (rs.next()) {
      sum += rs.getLong(1);
      n++;
      if (n == 77777) assertEquals("row77777", rs.getString(2));
    }
    assertEquals(100000, n);
    assertEquals(5000050000L, sum);
  }

  @Test
  void insertReturningReportsRowsAndChanges() throws Exception {
    PreparedStatement ps = c.prepareStatement("INSERT INTO t(x) VALUES ('a'), ('b') RETURNING id");
    assertTrue(ps.execute());
    ResultSet rs = ps.getResultSet();
    assertTrue(rs.next());
    assertTrue(rs.next());
    assertFalse(rs.next());
    assertEquals(2, rs.unwrap(EdgeliteResultSet.class).getChanges());
  }
}
