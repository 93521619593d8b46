package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataTest {
  Connection c;
  DatabaseMetaData md;

  @BeforeEach
  void open() throws Exception {
    c = DriverManager.getConnection("jdbc:edgelite::memory:");
    c.unwrap(EdgeliteConnection.class)
        .executeScript(
            "CREATE TABLE author(id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, born DATE DEFAULT '1900-01-01');"
                + "CREATE TABLE book(isbn TEXT, edition INT, author_id INTEGER REFERENCES author(id) ON DELETE CASCADE, price NUMERIC(10,2), cover BLOB,"
                + " PRIMARY KEY (isbn, edition));"
                + "CREATE UNIQUE INDEX book_title ON book(isbn DESC, price);"
                + "CREATE INDEX cheap ON book(price) WHERE price < 10;"
                + "CREATE VIEW titles AS SELECT isbn FROM book;");
    md = c.getMetaData();
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  static List<String> column(ResultSet rs, String name) throws Exception {
    List<String> out = new ArrayList<>();
    while (rs.next()) out.add(rs.getString(name));
    return out;
  }

  @Test
  void identification() throws Exception {
    assertEquals("SQLite", md.getDatabaseProductName());
    assertTrue(md.getDatabaseProductVersion().startsWith("3."));
    assertEquals(3, md.getDatabaseMajorVersion());
    assertEquals("edgelite JDBC", md.getDriverName());
    assertEquals("jdbc:edgelite::memory:", md.getURL());
    assertSame(c, md.getConnection());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertEquals(4, md.getJDBCMajorVersion());
    assertTrue(md.supportsSavepoints());
    assertTrue(md.supportsGetGeneratedKeys());
    assertTrue(md.supportsBatchUpdates());
    assertTrue(md.supportsTransactions());
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertFalse(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
    assertFalse(md.supportsStoredProcedures());
    assertTrue(md.usesLocalFiles());
  }

  @Test
  void tables() throws Exception {
    assertEquals(List.of("author", "book"), column(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_NAME"));
    assertEquals(List.of("titles"), column(md.getTables(null, null, null, new String[] {"VIEW"}), "TABLE_NAME"));
    assertEquals(List.of("author", "book", "titles"), column(md.getTables(null, null, "%", null), "TABLE_NAME"));
    assertEquals(List.of("book"), column(md.getTables(null, null, "B_O%", null), "TABLE_NAME"), "LIKE patterns, case-insensitive");
    ResultSet rs = md.getTables(null, null, "author", null);
    assertTrue(rs.next());
    assertEquals("TABLE", rs.getString("TABLE_TYPE"));
    assertNull(rs.getString("TABLE_CAT"));
    assertNull(rs.getString("TABLE_SCHEM"));
    assertEquals(List.of("SYSTEM TABLE", "TABLE", "VIEW"), column(md.getTableTypes(), "TABLE_TYPE"));
    assertFalse(md.getSchemas().next());
    assertFalse(md.getCatalogs().next());
  }

  @Test
  void columns() throws Exception {
    ResultSet rs = md.getColumns(null, null, "author", "%");
    assertTrue(rs.next());
    assertEquals("id", rs.getString("COLUMN_NAME"));
    assertEquals(Types.BIGINT, rs.getInt("DATA_TYPE"));
    assertEquals("YES", rs.getString("IS_AUTOINCREMENT"), "INTEGER PRIMARY KEY is the rowid");
    assertEquals(1, rs.getInt("ORDINAL_POSITION"));
    assertTrue(rs.next());
    assertEquals("name", rs.getString("COLUMN_NAME"));
    assertEquals("VARCHAR(80)", rs.getString("TYPE_NAME"));
    assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
    assertEquals(80, rs.getInt("COLUMN_SIZE"));
    assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
    assertEquals("NO", rs.getString("IS_NULLABLE"));
    assertTrue(rs.next());
    assertEquals("born", rs.getString("COLUMN_NAME"));
    assertEquals(Types.DATE, rs.getInt("DATA_TYPE"));
    assertEquals("'1900-01-01'", rs.getString("COLUMN_DEF"));
    assertEquals("YES", rs.getString("IS_NULLABLE"));
    assertFalse(rs.next());
    ResultSet price = md.getColumns(null, null, "book", "price");
    assertTrue(price.next());
    assertEquals(Types.NUMERIC, price.getInt("DATA_TYPE"));
    assertEquals(10, price.getInt("COLUMN_SIZE"));
    assertEquals(2, price.getInt("DECIMAL_DIGITS"));
    assertFalse(price.next());
    assertEquals(3 + 5 + 1, column(md.getColumns(null, null, "%", null), "COLUMN_NAME").size(), "views have columns too");
  }

  @Test
  void primaryKeys() throws Exception {
    ResultSet rs = md.getPrimaryKeys(null, null, "book");
    assertTrue(rs.next());
    assertEquals("edition", rs.getString("COLUMN_NAME"));
    assertEquals(2, rs.getInt("KEY_SEQ"));
    assertTrue(rs.next());
    assertEquals("isbn", rs.getString("COLUMN_NAME"));
    assertEquals(1, rs.getInt("KEY_SEQ"));
    assertFalse(rs.next());
    assertEquals(List.of("id"), column(md.getPrimaryKeys(null, null, "author"), "COLUMN_NAME"));
  }

  @Test
  void indexes() throws Exception {
    ResultSet rs = md.getIndexInfo(null, null, "book", false, true);
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(rs.getString("INDEX_NAME") + ":" + rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":" + rs.getString("ASC_OR_DESC") + ":" + rs.getBoolean("NON_UNIQUE") + ":" + rs.getString("FILTER_CONDITION"));
    }
    assertTrue(rows.contains("book_title:1:isbn:D:false:null"), rows.toString());
    assertTrue(rows.contains("book_title:2:price:A:false:null"), rows.toString());
    assertTrue(rows.contains("cheap:1:price:A:true:price < 10"), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.startsWith("sqlite_autoindex_book_1:1:isbn")), "the primary key's index");
    ResultSet unique = md.getIndexInfo(null, null, "book", true, true);
    while (unique.next()) assertFalse(unique.getBoolean("NON_UNIQUE"));
  }

  @Test
  void foreignKeys() throws Exception {
    ResultSet imported = md.getImportedKeys(null, null, "book");
    assertTrue(imported.next());
    assertEquals("author", imported.getString("PKTABLE_NAME"));
    assertEquals("id", imported.getString("PKCOLUMN_NAME"));
    assertEquals("book", imported.getString("FKTABLE_NAME"));
    assertEquals("author_id", imported.getString("FKCOLUMN_NAME"));
    assertEquals(DatabaseMetaData.importedKeyCascade, imported.getInt("DELETE_RULE"));
    assertEquals(DatabaseMetaData.importedKeyNoAction, imported.getInt("UPDATE_RULE"));
    assertFalse(imported.next());
    assertEquals(List.of("book"), column(md.getExportedKeys(null, null, "author"), "FKTABLE_NAME"));
    assertEquals(List.of("author_id"), column(md.getCrossReference(null, null, "author", null, null, "book"), "FKCOLUMN_NAME"));
  }

  @Test
  void typeInfoAndEmptyResultsHaveTheirColumns() throws Exception {
    assertEquals(List.of("NULL", "INTEGER", "REAL", "TEXT", "BLOB").size(), column(md.getTypeInfo(), "TYPE_NAME").size());
    ResultSet procs = md.getProcedures(null, null, "%");
    assertEquals(9, procs.getMetaData().getColumnCount());
    assertFalse(procs.next());
    assertEquals("FUNCTION_NAME", md.getFunctions(null, null, "%").getMetaData().getColumnName(3));
    assertEquals(List.of("isbn", "edition"), column(md.getBestRowIdentifier(null, null, "book", DatabaseMetaData.bestRowSession, false), "COLUMN_NAME"));
  }

  @Test
  void resultSetMetaData() throws Exception {
    ResultSet rs = c.createStatement().executeQuery("SELECT a.id, a.name AS who, count(*) AS n FROM author a LEFT JOIN book b ON b.author_id = a.id GROUP BY a.id");
    ResultSetMetaData m = rs.getMetaData();
    assertEquals(3, m.getColumnCount());
    assertEquals("id", m.getColumnLabel(1));
    assertEquals("who", m.getColumnLabel(2));
    assertEquals("name", m.getColumnName(2), "the origin column");
    assertEquals("author", m.getTableName(2));
    assertEquals("VARCHAR(80)", m.getColumnTypeName(2));
    assertEquals("VARCHAR(80)", m.unwrap(EdgeliteResultSetMetaData.class).getDeclaredType(2));
    assertNull(m.unwrap(EdgeliteResultSetMetaData.class).getDeclaredType(3), "an expression has no declared type");
    assertEquals(Types.VARCHAR, m.getColumnType(2));
    assertEquals("", m.getTableName(3));
    assertEquals(String.class.getName(), m.getColumnClassName(2));
    assertThrows(java.sql.SQLException.class, () -> m.getColumnName(4));
  }
}
