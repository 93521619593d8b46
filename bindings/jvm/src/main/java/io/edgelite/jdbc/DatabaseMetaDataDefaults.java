package io.edgelite.jdbc;

// Generated once from the JDK's java.sql.DatabaseMetaData (see bindings/jvm/README.md, Development);
// boolean answers are false and limits 0 (none) unless overridden; the rest fail with SQLFeatureNotSupportedException.
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
abstract class DatabaseMetaDataDefaults implements java.sql.DatabaseMetaData {
  @Override
  public <T> T unwrap(Class<T> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.unwrap is not supported");
  }

  @Override
  public boolean allProceduresAreCallable() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean allTablesAreSelectable() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean deletesAreDetected(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean insertsAreDetected(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean isCatalogAtStart() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean isReadOnly() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean locatorsUpdateCopy() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedAtStart() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedHigh() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedLow() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean othersDeletesAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean othersInsertsAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean othersUpdatesAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean ownDeletesAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean ownInsertsAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean ownUpdatesAreVisible(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesLowerCaseIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92FullSQL() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsBatchUpdates() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsColumnAliasing() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsConvert() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsConvert(int a0, int a1) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsFullOuterJoins() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsGroupBy() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsGroupByUnrelated() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsLikeEscapeClause() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMultipleOpenResults() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMultipleResultSets() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsMultipleTransactions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsNamedParameters() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsNonNullableColumns() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOrderByUnrelated() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsOuterJoins() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsPositionedDelete() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsPositionedUpdate() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsResultSetConcurrency(int a0, int a1) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsResultSetHoldability(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsResultSetType(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSavepoints() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSelectForUpdate() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsStatementPooling() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsStoredProcedures() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInExists() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInIns() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsTableCorrelationNames() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsTransactions() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsUnion() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean supportsUnionAll() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean updatesAreDetected(int a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean usesLocalFilePerTable() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean usesLocalFiles() throws java.sql.SQLException {
    return false;
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws java.sql.SQLException {
    return false;
  }

  @Override
  public int getDatabaseMajorVersion() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getDatabaseMinorVersion() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getDefaultTransactionIsolation() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getDriverMajorVersion() {
    return 0;
  }

  @Override
  public int getDriverMinorVersion() {
    return 0;
  }

  @Override
  public int getJDBCMajorVersion() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getJDBCMinorVersion() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxBinaryLiteralLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxCatalogNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxCharLiteralLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInGroupBy() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInIndex() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInOrderBy() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInSelect() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInTable() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxConnections() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxCursorNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxIndexLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxProcedureNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxRowSize() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxSchemaNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxStatementLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxStatements() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxTableNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxTablesInSelect() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getMaxUserNameLength() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getResultSetHoldability() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public int getSQLStateType() throws java.sql.SQLException {
    return 0;
  }

  @Override
  public String getCatalogSeparator() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getCatalogSeparator is not supported");
  }

  @Override
  public String getCatalogTerm() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getCatalogTerm is not supported");
  }

  @Override
  public String getDatabaseProductName() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getDatabaseProductName is not supported");
  }

  @Override
  public String getDatabaseProductVersion() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getDatabaseProductVersion is not supported");
  }

  @Override
  public String getDriverName() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getDriverName is not supported");
  }

  @Override
  public String getDriverVersion() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getDriverVersion is not supported");
  }

  @Override
  public String getExtraNameCharacters() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getExtraNameCharacters is not supported");
  }

  @Override
  public String getIdentifierQuoteString() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getIdentifierQuoteString is not supported");
  }

  @Override
  public String getNumericFunctions() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getNumericFunctions is not supported");
  }

  @Override
  public String getProcedureTerm() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getProcedureTerm is not supported");
  }

  @Override
  public String getSQLKeywords() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSQLKeywords is not supported");
  }

  @Override
  public String getSchemaTerm() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSchemaTerm is not supported");
  }

  @Override
  public String getSearchStringEscape() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSearchStringEscape is not supported");
  }

  @Override
  public String getStringFunctions() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getStringFunctions is not supported");
  }

  @Override
  public String getSystemFunctions() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSystemFunctions is not supported");
  }

  @Override
  public String getTimeDateFunctions() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getTimeDateFunctions is not supported");
  }

  @Override
  public String getURL() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getURL is not supported");
  }

  @Override
  public String getUserName() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getUserName is not supported");
  }

  @Override
  public java.sql.Connection getConnection() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getConnection is not supported");
  }

  @Override
  public java.sql.ResultSet getAttributes(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getAttributes is not supported");
  }

  @Override
  public java.sql.ResultSet getBestRowIdentifier(String a0, String a1, String a2, int a3, boolean a4) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getBestRowIdentifier is not supported");
  }

  @Override
  public java.sql.ResultSet getCatalogs() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getCatalogs is not supported");
  }

  @Override
  public java.sql.ResultSet getClientInfoProperties() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getClientInfoProperties is not supported");
  }

  @Override
  public java.sql.ResultSet getColumnPrivileges(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getColumnPrivileges is not supported");
  }

  @Override
  public java.sql.ResultSet getColumns(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getColumns is not supported");
  }

  @Override
  public java.sql.ResultSet getCrossReference(String a0, String a1, String a2, String a3, String a4, String a5) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getCrossReference is not supported");
  }

  @Override
  public java.sql.ResultSet getExportedKeys(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getExportedKeys is not supported");
  }

  @Override
  public java.sql.ResultSet getFunctionColumns(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getFunctionColumns is not supported");
  }

  @Override
  public java.sql.ResultSet getFunctions(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getFunctions is not supported");
  }

  @Override
  public java.sql.ResultSet getImportedKeys(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getImportedKeys is not supported");
  }

  @Override
  public java.sql.ResultSet getIndexInfo(String a0, String a1, String a2, boolean a3, boolean a4) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getIndexInfo is not supported");
  }

  @Override
  public java.sql.ResultSet getPrimaryKeys(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getPrimaryKeys is not supported");
  }

  @Override
  public java.sql.ResultSet getProcedureColumns(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getProcedureColumns is not supported");
  }

  @Override
  public java.sql.ResultSet getProcedures(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getProcedures is not supported");
  }

  @Override
  public java.sql.ResultSet getPseudoColumns(String a0, String a1, String a2, String a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getPseudoColumns is not supported");
  }

  @Override
  public java.sql.ResultSet getSchemas() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSchemas is not supported");
  }

  @Override
  public java.sql.ResultSet getSchemas(String a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSchemas is not supported");
  }

  @Override
  public java.sql.ResultSet getSuperTables(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSuperTables is not supported");
  }

  @Override
  public java.sql.ResultSet getSuperTypes(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getSuperTypes is not supported");
  }

  @Override
  public java.sql.ResultSet getTablePrivileges(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getTablePrivileges is not supported");
  }

  @Override
  public java.sql.ResultSet getTableTypes() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getTableTypes is not supported");
  }

  @Override
  public java.sql.ResultSet getTables(String a0, String a1, String a2, String[] a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getTables is not supported");
  }

  @Override
  public java.sql.ResultSet getTypeInfo() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getTypeInfo is not supported");
  }

  @Override
  public java.sql.ResultSet getUDTs(String a0, String a1, String a2, int[] a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getUDTs is not supported");
  }

  @Override
  public java.sql.ResultSet getVersionColumns(String a0, String a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getVersionColumns is not supported");
  }

  @Override
  public java.sql.RowIdLifetime getRowIdLifetime() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("DatabaseMetaData.getRowIdLifetime is not supported");
  }
}
