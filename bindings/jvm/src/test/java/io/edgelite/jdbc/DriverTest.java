package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverTest {
  @TempDir Path dir;

  @Test
  void registeredThroughServiceLoader() throws Exception {
    boolean found = false;
    for (Driver d : ServiceLoader.load(Driver.class)) found |= d instanceof EdgeliteDriver;
    assertTrue(found, "META-INF/services/java.sql.Driver names EdgeliteDriver");
    assertTrue(DriverManager.getDriver("jdbc:edgelite::memory:") instanceof EdgeliteDriver);
  }

  @Test
  void acceptsOnlyEdgeliteUrls() {
    EdgeliteDriver d = new EdgeliteDriver();
    assertTrue(d.acceptsURL("jdbc:edgelite:app.db"));
    assertTrue(d.acceptsURL("jdbc:edgelite::memory:"));
    assertTrue(d.acceptsURL("jdbc:edgelite:http://127.0.0.1:1"));
    assertFalse(d.acceptsURL("jdbc:sqlite:app.db"));
    assertFalse(d.acceptsURL(null));
  }

  @Test
  void connectReturnsNullForOtherUrls() throws Exception {
    assertNull(new EdgeliteDriver().connect("jdbc:sqlite::memory:", new Properties()));
  }

  @Test
  void packageVersionIsTheWorkspaceVersion() throws Exception {
    String cargo = new String(Files.readAllBytes(Paths.get("../../Cargo.toml")));
    Matcher m = Pattern.compile("\\[workspace\\.package\\][^\\[]*?\\nversion = \"([^\"]+)\"").matcher(cargo);
    assertTrue(m.find());
    assertEquals(m.group(1), NativeBridgeVersion.VERSION);
    assertEquals(m.group(1), NativeBridge.version(), "the native library is the same version");
    String pom = new String(Files.readAllBytes(Paths.get("pom.xml")));
    assertTrue(pom.contains("<artifactId>edgelite-jdbc</artifactId>\n  <!-- The workspace version") && pom.contains("<version>" + m.group(1) + "</version>"));
    try (Connection c = DriverManager.getConnection("jdbc:edgelite::memory:")) {
      assertEquals(m.group(1), c.getMetaData().getDriverVersion());
      assertEquals(0, c.getMetaData().getDriverMajorVersion());
      assertEquals(1, c.getMetaData().getDriverMinorVersion());
    }
  }

  @Test
  void fileDatabasePersistsAcrossConnections() throws Exception {
    String url = "jdbc:edgelite:" + dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t(x)");
      s.executeUpdate("INSERT INTO t VALUES (42)");
    }
    try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
    assertTrue(Files.exists(dir.resolve("app.db")));
  }

  @Test
  void memoryDatabasesArePrivateToTheirConnection() throws Exception {
    try (Connection a = DriverManager.getConnection("jdbc:edgelite::memory:");
        Connection b = DriverManager.getConnection("jdbc:edgelite::memory:")) {
      a.createStatement().executeUpdate("CREATE TABLE t(x)");
      SQLException e = assertThrows(SQLException.class, () -> b.createStatement().executeQuery("SELECT * FROM t"));
      assertEquals(1, e.getErrorCode());
    }
  }

  @Test
  void emptyTargetIsMemoryToo() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:")) {
      assertEquals(EdgeliteConnection.MODE_EMBEDDED, c.unwrap(EdgeliteConnection.class).getMode());
    }
  }

  @Test
  void dataSourceSharesOneMemoryDatabase() throws Exception {
    try (EdgeliteDataSource ds = new EdgeliteDataSource("jdbc:edgelite::memory:")) {
      try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
        a.createStatement().executeUpdate("CREATE TABLE t(x)");
        a.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
        ResultSet rs = b.createStatement().executeQuery("SELECT count(*) FROM t");
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  @Test
  void dataSourcePassesOptions() throws Exception {
    EdgeliteDataSource ds = new EdgeliteDataSource();
    ds.setUrl("jdbc:edgelite:" + dir.resolve("ds.db"));
    ds.setBusyTimeout(250);
    ds.setReadOnly(false);
    try (Connection c = ds.getConnection("ignored", null)) {
      assertFalse(c.isReadOnly());
      assertTrue(c.isValid(1));
    }
    ds.close();
    assertEquals("jdbc:edgelite:" + dir.resolve("ds.db"), ds.getUrl());
  }

  @Test
  void unknownUrlOptionIsAnError() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("x.db") + "?syncUrll=http://x"));
    assertTrue(e.getMessage().contains("unknown option syncUrll"), e.getMessage());
    assertEquals(21, e.getErrorCode());
  }

  @Test
  void badOptionValuesAreErrors() {
    assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite::memory:?busyTimeout=soon"));
    assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite::memory:?readOnly=maybe"));
    assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite::memory:?transactionMode=lazy"));
    assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite::memory:?syncUrl=http://127.0.0.1:1"));
  }

  @Test
  void remoteOnlyOptionsOnAFileAreAMisuse() {
    SQLException e = assertThrows(SQLNonTransientException.class, () -> DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("y.db") + "?authToken=abc"));
    assertEquals(21, e.getErrorCode() & 0xFF);
  }

  @Test
  void createIfMissingFalseRefusesAMissingFile() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:edgelite:" + dir.resolve("missing.db") + "?createIfMissing=false"));
    assertEquals(14, e.getErrorCode() & 0xFF);
    assertEquals("08001", e.getSQLState());
  }

  @Test
  void propertiesOverrideTheUrl() throws Exception {
    Properties p = new Properties();
    p.setProperty("readOnly", "true");
    String url = "jdbc:edgelite:" + dir.resolve("ro.db");
    try (Connection c = DriverManager.getConnection(url)) {
      c.createStatement().executeUpdate("CREATE TABLE t(x)");
    }
    try (Connection c = DriverManager.getConnection(url + "?readOnly=false", p)) {
      assertTrue(c.isReadOnly());
      SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO t VALUES (1)"));
      assertEquals(8, e.getErrorCode() & 0xFF);
      assertEquals("25006", e.getSQLState());
    }
  }

  @Test
  void propertyInfoListsEveryOption() {
    DriverPropertyInfo[] info = new EdgeliteDriver().getPropertyInfo("jdbc:edgelite::memory:", new Properties());
    assertEquals(EdgeliteConfig.OPTIONS.size(), info.length);
    for (DriverPropertyInfo i : info) assertFalse(i.description.isEmpty());
  }

  @Test
  void fileUriParametersPassThrough() throws Exception {
    Path db = dir.resolve("uri.db");
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:" + db)) {
      c.createStatement().executeUpdate("CREATE TABLE t(x)");
    }
    try (Connection c = DriverManager.getConnection("jdbc:edgelite:file:" + db + "?mode=ro")) {
      SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO t VALUES (1)"));
      assertEquals(8, e.getErrorCode() & 0xFF);
    }
  }
}
