package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error table against docs/errors.md: every extended code the core knows maps to the JDBC
 * class and SQLState the document gives (its primary row, or the row's extended exception), and
 * real failures surface with those classes.
 */
class ErrorsTest {
  @TempDir Path dir;

  static final class Expected {
    String jdbcClass;
    String state;
  }

  /** name -> code, from the native library (edgelite::error::all_extended_codes). */
  static Map<String, Integer> codes() throws SQLException {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String s : NativeBridge.allCodes()) {
      int colon = s.indexOf(':');
      m.put(s.substring(colon + 1), Integer.parseInt(s.substring(0, colon)));
    }
    // The primary codes, from docs/errors.md's first table ("| 19 | `SQLITE_CONSTRAINT` | ...").
    try {
      String doc = new String(Files.readAllBytes(Paths.get("../../docs/errors.md")));
      Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| `([A-Z_]+)` \\|").matcher(doc);
      while (row.find()) m.putIfAbsent(row.group(2), Integer.parseInt(row.group(1)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  static String resolve(String primary, String token, Map<String, Integer> codes) {
    if (!token.startsWith("_")) return token;
    String a = primary + token;
    if (codes.containsKey(a)) return a;
    String b = "EDGELITE_" + primary.substring(primary.indexOf('_') + 1) + token;
    if (codes.containsKey(b)) return b;
    throw new AssertionError("docs/errors.md names " + token + " under " + primary + ", which the core does not know");
  }

  /** Reads the per-code mapping table: extended or primary name -> expectation. */
  static Map<String, Expected> docTable(Map<String, Integer> codes, Map<Integer, Expected> primaries) throws Exception {
    String doc = new String(Files.readAllBytes(Paths.get("../../docs/errors.md")));
    String section = doc.substring(doc.indexOf("### Per-code mapping"));
    Map<String, Expected> out = new HashMap<>();
    Pattern tick = Pattern.compile("`([^`]+)`");
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) continue;
      String[] cells = line.split("\\|");
      String primary = cells[1].trim().replace("`", "");
      String jdbc = cells[3];
      String states = cells[4];
      Expected base = new Expected();
      Matcher jm = tick.matcher(jdbc);
      assertTrue(jm.find(), line);
      base.jdbcClass = jm.group(1);
      Matcher sm = tick.matcher(states);
      assertTrue(sm.find(), line);
      base.state = sm.group(1);
      out.put(primary, base);
      primaries.put(codes.get(primary), base);
      // Extended rows after the first: "; `_TIMEOUT` `SQLTimeoutException`" and
      // "; `_NOTNULL` `23502`, `_UNIQUE`/`_PRIMARYKEY` `23505`": names, then the class or state.
      for (int col = 3; col <= 4; col++) {
        String[] parts = cells[col].split(";");
        for (int p = 1; p < parts.length; p++) {
          for (String piece : parts[p].split(",")) {
            List<String> ticks = new ArrayList<>();
            Matcher tm = tick.matcher(piece);
            while (tm.find()) ticks.add(tm.group(1));
            assertTrue(ticks.size() >= 2, line);
            String value = ticks.get(ticks.size() - 1);
            for (String tok : ticks.subList(0, ticks.size() - 1)) {
              Expected e = out.computeIfAbsent(resolve(primary, tok, codes), k -> copy(base));
              if (col == 3) e.jdbcClass = value;
              else e.state = value;
            }
          }
        }
      }
    }
    return out;
  }

  static Expected copy(Expected e) {
    Expected c = new Expected();
    c.jdbcClass = e.jdbcClass;
    c.state = e.state;
    return c;
  }

  @TestFactory
  List<DynamicTest> everyCodeMapsAsDocumented() throws Exception {
    Map<String, Integer> codes = codes();
    Map<Integer, Expected> primaries = new HashMap<>();
    Map<String, Expected> table = docTable(codes, primaries);
    assertEquals(33, primaries.size(), "docs/errors.md lists 33 primary codes");
    Map<Integer, String> primaryNames = new HashMap<>();
    for (Map.Entry<String, Integer> e : codes.entrySet()) if (primaries.containsKey(e.getValue()) && e.getValue() < 256) primaryNames.put(e.getValue(), e.getKey());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Integer> e : codes.entrySet()) {
      String name = e.getKey();
      int code = e.getValue();
      Expected want = table.getOrDefault(name, primaries.get(code & 0xFF));
      tests.add(
          DynamicTest.dynamicTest(
              name + " (" + code + ")",
              () -> {
                assertNotNull(want, "docs/errors.md has a row for " + name);
                SQLException ex = EdgeliteErrors.create(code, name, "message", -1);
                assertEquals(want.jdbcClass, jdbcClassOf(ex), name);
                assertEquals(want.state, ex.getSQLState(), name);
                assertEquals(code, ex.getErrorCode(), "vendor code = extended code");
                EdgeliteException ee = (EdgeliteException) ex;
                assertEquals(name, ee.getName());
                assertEquals(code & 0xFF, ee.getPrimaryCode());
                assertEquals(primaryNames.get(code & 0xFF), EdgeliteErrors.primaryName(code));
              }));
    }
    assertTrue(tests.size() > 100, "the core knows SQLite's extended codes: " + tests.size());
    return tests;
  }

  /** The java.sql class an exception is an instance of, most specific first. */
  static String jdbcClassOf(SQLException e) {
    Class<?> c = e.getClass();
    while (!c.getPackageName().equals("java.sql")) c = c.getSuperclass();
    return c.getSimpleName();
  }

  @Test
  void retryableAsDocumented() {
    assertTrue(EdgeliteErrors.isRetryable(5));
    assertTrue(EdgeliteErrors.isRetryable(6));
    assertTrue(EdgeliteErrors.isRetryable(17));
    assertTrue(EdgeliteErrors.isRetryable(192));
    assertTrue(EdgeliteErrors.isRetryable(448));
    assertFalse(EdgeliteErrors.isRetryable(960), "a lost transaction must be run again, not retried");
    assertFalse(EdgeliteErrors.isRetryable(1472));
    assertFalse(EdgeliteErrors.isRetryable(19));
    assertFalse(EdgeliteErrors.isRetryable(1));
  }

  SQLException fail(Statement s, String sql) {
    return assertThrows(SQLException.class, () -> s.execute(sql));
  }

  @Test
  void realConstraintViolations() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:"); Statement s = c.createStatement()) {
      s.executeUpdate("PRAGMA foreign_keys = ON");
      s.executeUpdate("CREATE TABLE p(id INTEGER PRIMARY KEY)");
      s.executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL, c CHECK (c > 0), f REFERENCES p(id))");
      s.executeUpdate("INSERT INTO t VALUES (1, 1, 1, 1, NULL)");
      Object[][] cases = {
        {"INSERT INTO t VALUES (2, 1, 1, 1, NULL)", 2067, "23505"},
        {"INSERT INTO t VALUES (1, 2, 1, 1, NULL)", 1555, "23505"},
        {"INSERT INTO t VALUES (3, 3, NULL, 1, NULL)", 1299, "23502"},
        {"INSERT INTO t VALUES (4, 4, 1, 0, NULL)", 275, "23514"},
        {"INSERT INTO t VALUES (5, 5, 1, 1, 99)", 787, "23503"},
      };
      for (Object[] k : cases) {
        SQLException e = fail(s, (String) k[0]);
        assertTrue(e instanceof SQLIntegrityConstraintViolationException, e.toString());
        assertEquals(k[1], e.getErrorCode(), (String) k[0]);
        assertEquals(k[2], e.getSQLState(), (String) k[0]);
        assertEquals("SQLITE_CONSTRAINT", EdgeliteErrors.primaryName(e.getErrorCode()));
        assertFalse(((EdgeliteException) e).isRetryable());
      }
    }
  }

  @Test
  void realSqlErrors() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:"); Statement s = c.createStatement()) {
      SQLException syntax = fail(s, "SELEC 1");
      assertTrue(syntax instanceof SQLSyntaxErrorException);
      assertEquals("42000", syntax.getSQLState());
      assertEquals(1, fail(s, "SELECT * FROM nope").getErrorCode());
      SQLException empty = assertThrows(SQLException.class, () -> c.prepareStatement("  -- nothing"));
      assertEquals(16661, empty.getErrorCode());
      assertEquals("EDGELITE_MISUSE_NO_STATEMENT", ((EdgeliteException) empty).getName());
      SQLException tooBig = fail(s, "SELECT abs(-9223372036854775808)");
      assertEquals(1, tooBig.getErrorCode() & 0xFF);
    }
  }

  @Test
  void openErrors() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.write(junk, "this is not a database, just text that is long enough to fill a header page".repeat(20).getBytes());
    SQLException notADb =
        assertThrows(SQLException.class, () -> {
          try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + junk)) {
            c.createStatement().executeQuery("SELECT * FROM sqlite_schema").next();
          }
        });
    assertEquals(26, notADb.getErrorCode() & 0xFF);
    assertEquals("08001", notADb.getSQLState());
    assertTrue(notADb instanceof java.sql.SQLNonTransientConnectionException);
    SQLException cantOpen = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("no/such/dir/x.db")));
    assertEquals(14, cantOpen.getErrorCode() & 0xFF);
  }

  @Test
  void syncOutsideAReplicaIsUnsupported() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:")) {
      SQLException e = assertThrows(java.sql.SQLFeatureNotSupportedException.class, () -> c.unwrap(EdgeliteConnection.class).sync());
      assertEquals(196, e.getErrorCode());
      assertEquals("0A000", e.getSQLState());
    }
  }
}
