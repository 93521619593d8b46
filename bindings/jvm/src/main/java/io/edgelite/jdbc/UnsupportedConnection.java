package io.edgelite.jdbc;

// Generated once from the JDK's java.sql.Connection (see bindings/jvm/README.md, Development);
// every method the driver does not support fails with SQLFeatureNotSupportedException.
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
abstract class UnsupportedConnection implements java.sql.Connection {
  @Override
  public <T> T unwrap(Class<T> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.unwrap is not supported");
  }

  @Override
  public boolean getAutoCommit() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getAutoCommit is not supported");
  }

  @Override
  public boolean isClosed() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.isClosed is not supported");
  }

  @Override
  public boolean isReadOnly() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.isReadOnly is not supported");
  }

  @Override
  public boolean isValid(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.isValid is not supported");
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.isWrapperFor is not supported");
  }

  @Override
  public int getHoldability() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getHoldability is not supported");
  }

  @Override
  public int getNetworkTimeout() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getNetworkTimeout is not supported");
  }

  @Override
  public int getTransactionIsolation() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getTransactionIsolation is not supported");
  }

  @Override
  public String getCatalog() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getCatalog is not supported");
  }

  @Override
  public String getClientInfo(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getClientInfo is not supported");
  }

  @Override
  public String getSchema() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getSchema is not supported");
  }

  @Override
  public String nativeSQL(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.nativeSQL is not supported");
  }

  @Override
  public java.sql.Array createArrayOf(String a0, Object[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createArrayOf is not supported");
  }

  @Override
  public java.sql.Blob createBlob() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createBlob is not supported");
  }

  @Override
  public java.sql.CallableStatement prepareCall(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareCall is not supported");
  }

  @Override
  public java.sql.CallableStatement prepareCall(String a0, int a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareCall is not supported");
  }

  @Override
  public java.sql.CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareCall is not supported");
  }

  @Override
  public java.sql.Clob createClob() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createClob is not supported");
  }

  @Override
  public java.sql.DatabaseMetaData getMetaData() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getMetaData is not supported");
  }

  @Override
  public java.sql.NClob createNClob() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createNClob is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0, int a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0, int[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.PreparedStatement prepareStatement(String a0, String[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.prepareStatement is not supported");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getWarnings is not supported");
  }

  @Override
  public java.sql.SQLXML createSQLXML() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createSQLXML is not supported");
  }

  @Override
  public java.sql.Savepoint setSavepoint() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setSavepoint is not supported");
  }

  @Override
  public java.sql.Savepoint setSavepoint(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setSavepoint is not supported");
  }

  @Override
  public java.sql.Statement createStatement() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createStatement is not supported");
  }

  @Override
  public java.sql.Statement createStatement(int a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createStatement is not supported");
  }

  @Override
  public java.sql.Statement createStatement(int a0, int a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createStatement is not supported");
  }

  @Override
  public java.sql.Struct createStruct(String a0, Object[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.createStruct is not supported");
  }

  @Override
  public java.util.Map<String, Class<?>> getTypeMap() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getTypeMap is not supported");
  }

  @Override
  public java.util.Properties getClientInfo() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.getClientInfo is not supported");
  }

  @Override
  public void abort(java.util.concurrent.Executor a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.abort is not supported");
  }

  @Override
  public void clearWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.clearWarnings is not supported");
  }

  @Override
  public void close() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.close is not supported");
  }

  @Override
  public void commit() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.commit is not supported");
  }

  @Override
  public void releaseSavepoint(java.sql.Savepoint a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.releaseSavepoint is not supported");
  }

  @Override
  public void rollback() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.rollback is not supported");
  }

  @Override
  public void rollback(java.sql.Savepoint a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.rollback is not supported");
  }

  @Override
  public void setAutoCommit(boolean a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setAutoCommit is not supported");
  }

  @Override
  public void setCatalog(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setCatalog is not supported");
  }

  @Override
  public void setClientInfo(String a0, String a1) throws java.sql.SQLClientInfoException {
    throw new UnsupportedOperationException("Connection.setClientInfo is not supported");
  }

  @Override
  public void setClientInfo(java.util.Properties a0) throws java.sql.SQLClientInfoException {
    throw new UnsupportedOperationException("Connection.setClientInfo is not supported");
  }

  @Override
  public void setHoldability(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setHoldability is not supported");
  }

  @Override
  public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setNetworkTimeout is not supported");
  }

  @Override
  public void setReadOnly(boolean a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setReadOnly is not supported");
  }

  @Override
  public void setSchema(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setSchema is not supported");
  }

  @Override
  public void setTransactionIsolation(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setTransactionIsolation is not supported");
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("Connection.setTypeMap is not supported");
  }
}
