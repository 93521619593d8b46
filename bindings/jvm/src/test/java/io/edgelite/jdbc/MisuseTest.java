package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misuse is a typed SQLException, never a JVM crash: closed handles, stale handles, races. */
class MisuseTest {
  @TempDir Path dir;

  @Test
  void closedHandlesAreTypedErrors() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:edgelite::memory:");
    PreparedStatement ps = c.prepareStatement("SELECT 1");
    ResultSet rs = ps.executeQuery();
    c.close();
    for (Executable e : new Executable[] {ps::executeQuery, rs::next, () -> c.prepareStatement("SELECT 1"), c::commit, () -> c.setAutoCommit(false), c::getMetaData}) {
      SQLException err = assertThrows(SQLException.class, e::run);
      assertEquals("08003", err.getSQLState());
    }
  }

  interface Executable {
    void run() throws Exception;
  }

  @Test
  void staleNativeHandlesAreTypedErrors() throws Exception {
    for (long h : new long[] {0, -1, Long.MAX_VALUE, 123456789}) {
      SQLException e = assertThrows(SQLException.class, () -> NativeBridge.execute(h, 0, "SELECT 1", 0, null, null, null, null, -1));
      assertEquals(16405, e.getErrorCode());
      assertThrows(SQLException.class, () -> NativeBridge.fetch(h, 1, new long[6], new byte[1]));
      assertThrows(SQLException.class, () -> NativeBridge.dbSync(h));
      NativeBridge.close(h); // unknown handles: nothing to do
      NativeBridge.interrupt(h);
    }
  }

  @Test
  void badNativeArgumentsAreTypedErrors() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:")) {
      long h = ((EdgeliteConnection) c).handle;
      assertEquals(21, assertThrows(SQLException.class, () -> NativeBridge.execute(h, 0, null, 0, null, null, null, null, -1)).getErrorCode());
      assertThrows(SQLException.class, () -> NativeBridge.execute(h, 0, "SELECT ?", 1, null, null, null, null, -1), "null parameter arrays");
      assertThrows(SQLException.class, () -> NativeBridge.execute(h, 0, "SELECT ?", 1, new int[] {99}, new long[1], new double[1], new Object[1], -1), "unknown tag");
      assertThrows(Exception.class, () -> NativeBridge.execute(h, 0, "SELECT ?", 1, new int[] {3}, new long[1], new double[1], new Object[] {42L}, -1), "a non-string as TEXT");
      assertThrows(Exception.class, () -> NativeBridge.execute(h, 0, "SELECT ?", 5, new int[1], new long[1], new double[1], new Object[1], -1), "arrays shorter than the count");
      assertEquals(16405, assertThrows(SQLException.class, () -> NativeBridge.execute(h, 123456789, "SELECT 1", 0, null, null, null, null, -1)).getErrorCode(), "an unknown SQL id");
      assertThrows(SQLException.class, () -> NativeBridge.query(h, 0, "SELECT 1", 0, null, null, null, null, -1, 1, null, null), "no cell array");
      assertThrows(SQLException.class, () -> NativeBridge.transaction(h, 42, 0, null));
      assertThrows(SQLException.class, () -> NativeBridge.transaction(h, 0, 42, null));
      assertTrue(c.isValid(1), "the connection survives all of it");
    }
  }

  @Test
  void concurrentCloseWhileQueryingNeverCrashes() throws Exception {
    for (int round = 0; round < 20; round++) {
      Connection c = DriverManager.getConnection("jdbc:edgelite::memory:");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    for (int i = 0; i < 50; i++) {
                      try (ResultSet rs = c.createStatement().executeQuery("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 2000) SELECT i FROM r")) {
                        while (rs.next()) rs.getLong(1);
                      }
                    }
                  } catch (SQLException expected) {
                    assertNotNull(expected.getSQLState(), "a typed error once closed");
                  }
                  return null;
                }));
      }
      Thread.sleep(round % 5);
      c.close();
      for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
      pool.shutdown();
    }
  }

  @Test
  void oneConnectionSharedByThreads() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("shared.db"))) {
      c.createStatement().executeUpdate("CREATE TABLE t(x)");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      AtomicInteger done = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                      ps.setInt(1, i);
                      ps.executeUpdate();
                    }
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t");
      rs.next();
      assertEquals(400, rs.getInt(1));
      assertEquals(400, done.get());
    }
  }

  @Test
  void interruptFromAnotherThreadWhileIdleDoesNotPoisonTheNextStatement() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:")) {
      Statement s = c.createStatement();
      s.cancel();
      assertTrue(s.execute("SELECT 1"));
    }
  }
}
