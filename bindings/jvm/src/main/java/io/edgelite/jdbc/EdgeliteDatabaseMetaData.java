package io.edgelite.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Database metadata for schema browsers and migration tools, read from {@code sqlite_schema} and
 * the {@code pragma_table_info}, {@code pragma_index_list}, {@code pragma_index_xinfo} and
 * {@code pragma_foreign_key_list} table-valued functions, so it works the same in every mode.
 * SQLite has no catalogs or schemas here: both are reported as null.
 */
final class EdgeliteDatabaseMetaData extends DatabaseMetaDataDefaults {
  private final EdgeliteConnection conn;

  EdgeliteDatabaseMetaData(EdgeliteConnection conn) {
    this.conn = conn;
  }

  private List<Object[]> query(String sql, Object... params) throws SQLException {
    conn.checkOpen();
    try (PreparedStatement ps = new EdgelitePreparedStatement(conn, sql, false)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] r = new Object[n];
          for (int i = 0; i < n; i++) r[i] = rs.getObject(i + 1);
          rows.add(r);
        }
      }
      return rows;
    }
  }

  private ResultSet result(String[] columns, List<Object[]> rows) {
    return new EdgeliteResultSet(null, columns, rows);
  }

  private ResultSet empty(String... columns) {
    return result(columns, new ArrayList<>());
  }

  /** A JDBC LIKE pattern ({@code %}, {@code _}, {@code \} escapes) as a case-insensitive regex. */
  static Pattern pattern(String p) {
    if (p == null) return null;
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) re.append(Pattern.quote(String.valueOf(p.charAt(++i))));
      else if (c == '%') re.append(".*");
      else if (c == '_') re.append('.');
      else re.append(Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  private static boolean matches(Pattern p, String s) {
    return p == null || (s != null && p.matcher(s).matches());
  }

  /** {name, TABLE/VIEW/SYSTEM TABLE} of every table and view matching the pattern. */
  private List<String[]> tables(String tablePattern) throws SQLException {
    Pattern p = pattern(tablePattern);
    List<String[]> out = new ArrayList<>();
    for (Object[] r : query("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")) {
      String name = (String) r[0];
      if (!matches(p, name)) continue;
      String type = name.startsWith("sqlite_") ? "SYSTEM TABLE" : r[1].equals("view") ? "VIEW" : "TABLE";
      out.add(new String[] {name, type});
    }
    return out;
  }

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
    List<String> wanted = types == null ? null : Arrays.asList(types);
    List<Object[]> rows = new ArrayList<>();
    for (String[] t : tables(tableNamePattern)) {
      if (wanted != null && !wanted.contains(t[1])) continue;
      rows.add(new Object[] {null, null, t[0], t[1], null, null, null, null, null, null});
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[3]).thenComparing(r -> (String) r[2]));
    return result(
        new String[] {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"},
        rows);
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"SYSTEM TABLE"});
    rows.add(new Object[] {"TABLE"});
    rows.add(new Object[] {"VIEW"});
    return result(new String[] {"TABLE_TYPE"}, rows);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return empty("TABLE_SCHEM", "TABLE_CATALOG");
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    return getSchemas();
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return empty("TABLE_CAT");
  }

  private static final Pattern SIZE = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
    Pattern cp = pattern(columnNamePattern);
    List<Object[]> rows = new ArrayList<>();
    for (String[] t : tables(tableNamePattern)) {
      List<Object[]> cols = query("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", t[0]);
      long pkCount = cols.stream().filter(c -> ((Long) c[5]) > 0).count();
      for (Object[] c : cols) {
        String name = (String) c[1];
        if (!matches(cp, name)) continue;
        String decl = (String) c[2];
        int type = EdgeliteResultSetMetaData.typeOf(decl);
        if (type == Types.OTHER) type = Types.VARCHAR; // no declared type: BLOB affinity, any value
        Integer size = 2000000000;
        Integer digits = null;
        Matcher m = SIZE.matcher(decl == null ? "" : decl);
        if (m.find()) {
          size = Integer.parseInt(m.group(1));
          if (m.group(2) != null) digits = Integer.parseInt(m.group(2));
        }
        boolean notNull = ((Long) c[3]) != 0;
        boolean rowidAlias = pkCount == 1 && ((Long) c[5]) == 1 && decl != null && decl.equalsIgnoreCase("INTEGER") && t[1].equals("TABLE");
        rows.add(
            new Object[] {
              null, null, t[0], name, type, decl == null ? "" : decl, size, null, digits, 10,
              notNull || rowidAlias ? columnNoNulls : columnNullable, null, c[4], null, null, size,
              ((Long) c[0]) + 1, notNull || rowidAlias ? "NO" : "YES", null, null, null, null,
              rowidAlias ? "YES" : "NO", "NO"
            });
      }
    }
    return result(
        new String[] {
          "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
          "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE",
          "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA",
          "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"
        },
        rows);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (table != null) {
      for (Object[] c : query("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY name", table)) {
        rows.add(new Object[] {null, null, table, c[0], c[1], null});
      }
    }
    return result(new String[] {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"}, rows);
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (table != null) {
      for (Object[] idx : query("SELECT name, \"unique\", partial FROM pragma_index_list(?) ORDER BY name", table)) {
        boolean isUnique = ((Long) idx[1]) != 0;
        if (unique && !isUnique) continue;
        String indexName = (String) idx[0];
        String filter = null;
        if (((Long) idx[2]) != 0) {
          List<Object[]> sql = query("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", indexName);
          if (!sql.isEmpty() && sql.get(0)[0] != null) {
            String s = (String) sql.get(0)[0];
            int where = s.toUpperCase(Locale.ROOT).lastIndexOf(" WHERE ");
            if (where >= 0) filter = s.substring(where + 7).trim();
          }
        }
        for (Object[] col : query("SELECT seqno, name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", indexName)) {
          rows.add(
              new Object[] {
                null, null, table, !isUnique, null, indexName, (int) tableIndexOther, ((Long) col[0]) + 1, col[1],
                ((Long) col[2]) != 0 ? "D" : "A", 0L, 0L, filter
              });
        }
      }
    }
    return result(
        new String[] {
          "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE",
          "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION"
        },
        rows);
  }

  private static int rule(Object action) {
    String a = action == null ? "" : action.toString().toUpperCase(Locale.ROOT);
    switch (a) {
      case "CASCADE":
        return importedKeyCascade;
      case "RESTRICT":
        return importedKeyRestrict;
      case "SET NULL":
        return importedKeySetNull;
      case "SET DEFAULT":
        return importedKeySetDefault;
      default:
        return importedKeyNoAction;
    }
  }

  private static final String[] KEY_COLUMNS = {
    "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME",
    "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY"
  };

  /** The foreign keys declared by {@code table}, one row per column, in key-column order. */
  private List<Object[]> importedKeys(String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] fk : query("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", table)) {
      String parent = (String) fk[2];
      Object to = fk[4];
      if (to == null) {
        // REFERENCES parent without columns: the parent's primary key, in order.
        List<Object[]> pk = query("SELECT name FROM pragma_table_info(?) WHERE pk = ?", parent, ((Long) fk[1]) + 1);
        to = pk.isEmpty() ? null : pk.get(0)[0];
      }
      rows.add(
          new Object[] {
            null, null, parent, to, null, null, table, fk[3], ((Long) fk[1]) + 1, rule(fk[5]), rule(fk[6]),
            "fk_" + table + "_" + fk[0], null, (int) importedKeyNotDeferrable
          });
    }
    return rows;
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = table == null ? new ArrayList<>() : importedKeys(table);
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[2]).thenComparing(r -> (Long) r[8]));
    return result(KEY_COLUMNS, rows);
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (table != null) {
      for (String[] t : tables(null)) {
        if (!t[1].equals("TABLE")) continue;
        for (Object[] r : importedKeys(t[0])) if (table.equalsIgnoreCase((String) r[2])) rows.add(r);
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[6]).thenComparing(r -> (Long) r[8]));
    return result(KEY_COLUMNS, rows);
  }

  @Override
  public ResultSet getCrossReference(String pc, String ps, String parent, String fc, String fs, String foreign) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (foreign != null) {
      for (Object[] r : importedKeys(foreign)) if (parent == null || parent.equalsIgnoreCase((String) r[2])) rows.add(r);
    }
    return result(KEY_COLUMNS, rows);
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (table != null) {
      for (Object[] c : query("SELECT name, type FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)) {
        int type = EdgeliteResultSetMetaData.typeOf((String) c[1]);
        rows.add(new Object[] {(int) bestRowSession, c[0], type, c[1], 2000000000, null, null, (int) bestRowNotPseudo});
      }
    }
    return result(
        new String[] {"SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN"},
        rows);
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    String[] cols = {
      "TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS", "NULLABLE",
      "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_INCREMENT", "LOCAL_TYPE_NAME",
      "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX"
    };
    Object[][] types = {
      {"BLOB", Types.BLOB, 0, "X'", "'"},
      {"INTEGER", Types.BIGINT, 19, null, null},
      {"NULL", Types.NULL, 0, null, null},
      {"REAL", Types.DOUBLE, 15, null, null},
      {"TEXT", Types.VARCHAR, 0, "'", "'"},
    };
    List<Object[]> rows = new ArrayList<>();
    for (Object[] t : types) {
      rows.add(
          new Object[] {
            t[0], t[1], t[2], t[3], t[4], null, (int) typeNullable, true, (int) typeSearchable, false, false,
            t[0].equals("INTEGER"), t[0], 0, 0, 0, 0, 10
          });
    }
    rows.sort(Comparator.comparing(r -> (Integer) r[1]));
    return result(cols, rows);
  }

  @Override
  public ResultSet getProcedures(String c, String s, String p) throws SQLException {
    return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2", "RESERVED3", "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getProcedureColumns(String c, String s, String p, String col) throws SQLException {
    return empty(
        "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME",
        "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB",
        "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getFunctions(String c, String s, String f) throws SQLException {
    return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getFunctionColumns(String c, String s, String f, String col) throws SQLException {
    return empty(
        "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME",
        "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
        "IS_NULLABLE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getColumnPrivileges(String c, String s, String t, String col) throws SQLException {
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
  }

  @Override
  public ResultSet getTablePrivileges(String c, String s, String t) throws SQLException {
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
  }

  @Override
  public ResultSet getVersionColumns(String c, String s, String t) throws SQLException {
    return empty("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
  }

  @Override
  public ResultSet getUDTs(String c, String s, String t, int[] types) throws SQLException {
    return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
  }

  @Override
  public ResultSet getSuperTypes(String c, String s, String t) throws SQLException {
    return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
  }

  @Override
  public ResultSet getSuperTables(String c, String s, String t) throws SQLException {
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
  }

  @Override
  public ResultSet getAttributes(String c, String s, String t, String a) throws SQLException {
    return empty(
        "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE", "ATTR_TYPE_NAME", "ATTR_SIZE", "DECIMAL_DIGITS",
        "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
        "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE");
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return empty("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
  }

  @Override
  public ResultSet getPseudoColumns(String c, String s, String t, String col) throws SQLException {
    return empty(
        "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE", "DECIMAL_DIGITS",
        "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH", "IS_NULLABLE");
  }

  // Identification.
  @Override
  public Connection getConnection() {
    return conn;
  }

  @Override
  public String getURL() {
    return conn.config.url;
  }

  @Override
  public String getUserName() {
    return null;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return conn.isReadOnly();
  }

  @Override
  public String getDatabaseProductName() {
    return "SQLite";
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    return NativeBridge.sqliteVersion();
  }

  private int sqliteVersionPart(int i) throws SQLException {
    try {
      return Integer.parseInt(NativeBridge.sqliteVersion().split("\\.")[i]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    return sqliteVersionPart(0);
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    return sqliteVersionPart(1);
  }

  @Override
  public String getDriverName() {
    return "edgelite JDBC";
  }

  @Override
  public String getDriverVersion() {
    return NativeBridgeVersion.VERSION;
  }

  @Override
  public int getDriverMajorVersion() {
    return NativeBridgeVersion.MAJOR;
  }

  @Override
  public int getDriverMinorVersion() {
    return NativeBridgeVersion.MINOR;
  }

  @Override
  public int getJDBCMajorVersion() {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() {
    return 3;
  }

  // Vocabulary.
  @Override
  public String getIdentifierQuoteString() {
    return "\"";
  }

  @Override
  public String getSearchStringEscape() {
    return "\\";
  }

  @Override
  public String getExtraNameCharacters() {
    return "";
  }

  @Override
  public String getSchemaTerm() {
    return "schema";
  }

  @Override
  public String getProcedureTerm() {
    return "procedure";
  }

  @Override
  public String getCatalogTerm() {
    return "catalog";
  }

  @Override
  public String getCatalogSeparator() {
    return ".";
  }

  @Override
  public String getSQLKeywords() {
    return "ABORT,ANALYZE,ATTACH,AUTOINCREMENT,CONFLICT,DATABASE,DETACH,EXCLUSIVE,EXPLAIN,FAIL,GLOB,IF,IGNORE,INDEXED,INSTEAD,ISNULL,LIMIT,NOTNULL,OFFSET,PLAN,PRAGMA,QUERY,RAISE,REGEXP,REINDEX,RENAME,REPLACE,TEMP,VACUUM,VIRTUAL";
  }

  @Override
  public String getNumericFunctions() {
    return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,RADIANS,RANDOM,ROUND,SIGN,SIN,SQRT,TAN,TRUNCATE";
  }

  @Override
  public String getStringFunctions() {
    return "CHAR,CONCAT,INSTR,LENGTH,LOWER,LTRIM,REPLACE,RTRIM,SUBSTR,TRIM,UPPER";
  }

  @Override
  public String getSystemFunctions() {
    return "IFNULL,LAST_INSERT_ROWID,CHANGES,SQLITE_VERSION";
  }

  @Override
  public String getTimeDateFunctions() {
    return "DATE,TIME,DATETIME,JULIANDAY,STRFTIME,UNIXEPOCH";
  }

  // Capabilities that hold for SQLite.
  @Override
  public boolean allTablesAreSelectable() {
    return true;
  }

  @Override
  public boolean nullsAreSortedLow() {
    return true;
  }

  @Override
  public boolean usesLocalFiles() {
    return conn.getMode() != EdgeliteConnection.MODE_REMOTE;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() {
    return true;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() {
    return true;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() {
    return true;
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() {
    return true;
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() {
    return true;
  }

  @Override
  public boolean supportsColumnAliasing() {
    return true;
  }

  @Override
  public boolean nullPlusNonNullIsNull() {
    return true;
  }

  @Override
  public boolean supportsTableCorrelationNames() {
    return true;
  }

  @Override
  public boolean supportsExpressionsInOrderBy() {
    return true;
  }

  @Override
  public boolean supportsOrderByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupBy() {
    return true;
  }

  @Override
  public boolean supportsGroupByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupByBeyondSelect() {
    return true;
  }

  @Override
  public boolean supportsLikeEscapeClause() {
    return true;
  }

  @Override
  public boolean supportsMultipleTransactions() {
    return true;
  }

  @Override
  public boolean supportsNonNullableColumns() {
    return true;
  }

  @Override
  public boolean supportsMinimumSQLGrammar() {
    return true;
  }

  @Override
  public boolean supportsCoreSQLGrammar() {
    return true;
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() {
    return true;
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() {
    return true;
  }

  @Override
  public boolean supportsOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsFullOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsLimitedOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInComparisons() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInExists() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInIns() {
    return true;
  }

  @Override
  public boolean supportsCorrelatedSubqueries() {
    return true;
  }

  @Override
  public boolean supportsUnion() {
    return true;
  }

  @Override
  public boolean supportsUnionAll() {
    return true;
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return true;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_SERIALIZABLE || level == Connection.TRANSACTION_READ_UNCOMMITTED;
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_SERIALIZABLE;
  }

  @Override
  public boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) {
    return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public boolean supportsBatchUpdates() {
    return true;
  }

  @Override
  public boolean supportsSavepoints() {
    return true;
  }

  @Override
  public boolean supportsGetGeneratedKeys() {
    return true;
  }

  @Override
  public boolean supportsMultipleOpenResults() {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() {
    return true;
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() {
    return true;
  }

  @Override
  public boolean supportsStatementPooling() {
    return false;
  }

  @Override
  public RowIdLifetime getRowIdLifetime() {
    return RowIdLifetime.ROWID_VALID_FOREVER;
  }

  @Override
  public int getSQLStateType() {
    return DatabaseMetaData.sqlStateSQL;
  }

  @Override
  public int getMaxColumnsInTable() {
    return 2000;
  }

  @Override
  public int getMaxStatementLength() {
    return 1000000000;
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() {
    return false;
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() {
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
