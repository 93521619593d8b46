package io.edgelite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * Column metadata: names, the declared types of the table columns they come from (a column's
 * JDBC type follows its declared type's affinity; an expression without one reports the type of
 * the current row's value, else {@code OTHER}), and their tables.
 */
public final class EdgeliteResultSetMetaData implements ResultSetMetaData {
  private final String[][] info;
  private final int[] current;

  EdgeliteResultSetMetaData(String[][] info, int[] currentTypes) {
    this.info = info;
    this.current = currentTypes;
  }

  private int check(int c) throws SQLException {
    if (c < 1 || c > info[0].length) throw EdgeliteErrors.create(25, "column index " + c + " is not in 1.." + info[0].length);
    return c - 1;
  }

  /** The JDBC type for a declared type, by SQLite's affinity rules (plus dates). */
  static int typeOf(String decl) {
    if (decl == null || decl.isEmpty()) return Types.OTHER;
    String d = decl.toUpperCase(Locale.ROOT);
    if (d.contains("INT")) return d.equals("BOOLEAN") ? Types.BOOLEAN : Types.BIGINT;
    if (d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT")) return Types.VARCHAR;
    if (d.contains("BLOB")) return Types.BLOB;
    if (d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB")) return Types.DOUBLE;
    if (d.startsWith("DATETIME") || d.startsWith("TIMESTAMP")) return Types.TIMESTAMP;
    if (d.startsWith("DATE")) return Types.DATE;
    if (d.startsWith("TIME")) return Types.TIME;
    if (d.startsWith("BOOL")) return Types.BOOLEAN;
    if (d.contains("DECIMAL") || d.contains("NUMERIC")) return Types.NUMERIC;
    return Types.NUMERIC;
  }

  private static int typeOfValue(int tag) {
    switch (tag) {
      case NativeBridge.T_INTEGER:
        return Types.BIGINT;
      case NativeBridge.T_REAL:
        return Types.DOUBLE;
      case NativeBridge.T_TEXT:
        return Types.VARCHAR;
      case NativeBridge.T_BLOB:
        return Types.BLOB;
      default:
        return Types.NULL;
    }
  }

  static String typeName(int t) {
    switch (t) {
      case Types.BIGINT:
        return "INTEGER";
      case Types.DOUBLE:
        return "REAL";
      case Types.VARCHAR:
        return "TEXT";
      case Types.BLOB:
        return "BLOB";
      case Types.NULL:
        return "NULL";
      default:
        return "";
    }
  }

  static String className(int t) {
    switch (t) {
      case Types.BIGINT:
      case Types.BOOLEAN:
        return Long.class.getName();
      case Types.DOUBLE:
        return Double.class.getName();
      case Types.BLOB:
        return byte[].class.getName();
      case Types.VARCHAR:
      case Types.DATE:
      case Types.TIME:
      case Types.TIMESTAMP:
        return String.class.getName();
      default:
        return Object.class.getName();
    }
  }

  /** The column's declared type as written in its table ({@code VARCHAR(10)}), or null for an expression. */
  public String getDeclaredType(int c) throws SQLException {
    return info[1][check(c)];
  }

  @Override
  public int getColumnCount() {
    return info[0].length;
  }

  @Override
  public int getColumnType(int c) throws SQLException {
    int i = check(c);
    int t = typeOf(info[1][i]);
    if (t == Types.OTHER && current != null) return typeOfValue(current[i]);
    return t;
  }

  @Override
  public String getColumnTypeName(int c) throws SQLException {
    int i = check(c);
    if (info[1][i] != null) return info[1][i];
    return typeName(getColumnType(c));
  }

  @Override
  public String getColumnClassName(int c) throws SQLException {
    return className(getColumnType(c));
  }

  @Override
  public String getColumnLabel(int c) throws SQLException {
    return info[0][check(c)];
  }

  @Override
  public String getColumnName(int c) throws SQLException {
    int i = check(c);
    return info[3][i] != null ? info[3][i] : info[0][i];
  }

  @Override
  public String getTableName(int c) throws SQLException {
    String t = info[2][check(c)];
    return t == null ? "" : t;
  }

  @Override
  public String getSchemaName(int c) throws SQLException {
    check(c);
    return "";
  }

  @Override
  public String getCatalogName(int c) throws SQLException {
    check(c);
    return "";
  }

  @Override
  public boolean isAutoIncrement(int c) throws SQLException {
    check(c);
    return false;
  }

  @Override
  public boolean isCaseSensitive(int c) throws SQLException {
    check(c);
    return true;
  }

  @Override
  public boolean isSearchable(int c) throws SQLException {
    check(c);
    return true;
  }

  @Override
  public boolean isCurrency(int c) throws SQLException {
    check(c);
    return false;
  }

  @Override
  public int isNullable(int c) throws SQLException {
    check(c);
    return columnNullableUnknown;
  }

  @Override
  public boolean isSigned(int c) throws SQLException {
    int t = getColumnType(c);
    return t == Types.BIGINT || t == Types.DOUBLE || t == Types.NUMERIC;
  }

  @Override
  public int getColumnDisplaySize(int c) throws SQLException {
    check(c);
    return Integer.MAX_VALUE;
  }

  @Override
  public int getPrecision(int c) throws SQLException {
    int t = getColumnType(c);
    return t == Types.BIGINT ? 19 : t == Types.DOUBLE ? 15 : 0;
  }

  @Override
  public int getScale(int c) throws SQLException {
    check(c);
    return 0;
  }

  @Override
  public boolean isReadOnly(int c) throws SQLException {
    check(c);
    return true;
  }

  @Override
  public boolean isWritable(int c) throws SQLException {
    check(c);
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int c) throws SQLException {
    check(c);
    return false;
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
