package io.edgelite.jdbc;

// Generated once from the JDK's java.sql.PreparedStatement (see bindings/jvm/README.md, Development);
// every method the driver does not support fails with SQLFeatureNotSupportedException.
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
abstract class UnsupportedPreparedStatement implements java.sql.PreparedStatement {
  @Override
  public <T> T unwrap(Class<T> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.unwrap is not supported");
  }

  @Override
  public boolean execute() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.execute is not supported");
  }

  @Override
  public boolean execute(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.execute is not supported");
  }

  @Override
  public boolean execute(String a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.execute is not supported");
  }

  @Override
  public boolean execute(String a0, int[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.execute is not supported");
  }

  @Override
  public boolean execute(String a0, String[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.execute is not supported");
  }

  @Override
  public boolean getMoreResults() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getMoreResults is not supported");
  }

  @Override
  public boolean getMoreResults(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getMoreResults is not supported");
  }

  @Override
  public boolean isCloseOnCompletion() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.isCloseOnCompletion is not supported");
  }

  @Override
  public boolean isClosed() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.isClosed is not supported");
  }

  @Override
  public boolean isPoolable() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.isPoolable is not supported");
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.isWrapperFor is not supported");
  }

  @Override
  public int executeUpdate() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeUpdate is not supported");
  }

  @Override
  public int executeUpdate(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeUpdate is not supported");
  }

  @Override
  public int executeUpdate(String a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeUpdate is not supported");
  }

  @Override
  public int executeUpdate(String a0, int[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeUpdate is not supported");
  }

  @Override
  public int executeUpdate(String a0, String[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeUpdate is not supported");
  }

  @Override
  public int getFetchDirection() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getFetchDirection is not supported");
  }

  @Override
  public int getFetchSize() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getFetchSize is not supported");
  }

  @Override
  public int getMaxFieldSize() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getMaxFieldSize is not supported");
  }

  @Override
  public int getMaxRows() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getMaxRows is not supported");
  }

  @Override
  public int getQueryTimeout() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getQueryTimeout is not supported");
  }

  @Override
  public int getResultSetConcurrency() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getResultSetConcurrency is not supported");
  }

  @Override
  public int getResultSetHoldability() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getResultSetHoldability is not supported");
  }

  @Override
  public int getResultSetType() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getResultSetType is not supported");
  }

  @Override
  public int getUpdateCount() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getUpdateCount is not supported");
  }

  @Override
  public int[] executeBatch() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeBatch is not supported");
  }

  @Override
  public java.sql.Connection getConnection() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getConnection is not supported");
  }

  @Override
  public java.sql.ParameterMetaData getParameterMetaData() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getParameterMetaData is not supported");
  }

  @Override
  public java.sql.ResultSet executeQuery() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeQuery is not supported");
  }

  @Override
  public java.sql.ResultSet executeQuery(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.executeQuery is not supported");
  }

  @Override
  public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getGeneratedKeys is not supported");
  }

  @Override
  public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getResultSet is not supported");
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getMetaData is not supported");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.getWarnings is not supported");
  }

  @Override
  public void addBatch() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.addBatch is not supported");
  }

  @Override
  public void clearParameters() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.clearParameters is not supported");
  }

  @Override
  public void setArray(int a0, java.sql.Array a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setArray is not supported");
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setAsciiStream is not supported");
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setAsciiStream is not supported");
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setAsciiStream is not supported");
  }

  @Override
  public void setBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBigDecimal is not supported");
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBinaryStream is not supported");
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBinaryStream is not supported");
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBinaryStream is not supported");
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBlob is not supported");
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBlob is not supported");
  }

  @Override
  public void setBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBlob is not supported");
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBoolean is not supported");
  }

  @Override
  public void setByte(int a0, byte a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setByte is not supported");
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setBytes is not supported");
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setCharacterStream is not supported");
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setCharacterStream is not supported");
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setCharacterStream is not supported");
  }

  @Override
  public void setClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setClob is not supported");
  }

  @Override
  public void setClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setClob is not supported");
  }

  @Override
  public void setClob(int a0, java.sql.Clob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setClob is not supported");
  }

  @Override
  public void setDate(int a0, java.sql.Date a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setDate is not supported");
  }

  @Override
  public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setDate is not supported");
  }

  @Override
  public void setDouble(int a0, double a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setDouble is not supported");
  }

  @Override
  public void setFloat(int a0, float a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setFloat is not supported");
  }

  @Override
  public void setInt(int a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setInt is not supported");
  }

  @Override
  public void setLong(int a0, long a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setLong is not supported");
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNCharacterStream is not supported");
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNCharacterStream is not supported");
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNClob is not supported");
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNClob is not supported");
  }

  @Override
  public void setNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNClob is not supported");
  }

  @Override
  public void setNString(int a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNString is not supported");
  }

  @Override
  public void setNull(int a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNull is not supported");
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setNull is not supported");
  }

  @Override
  public void setObject(int a0, Object a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setObject is not supported");
  }

  @Override
  public void setObject(int a0, Object a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setObject is not supported");
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setObject is not supported");
  }

  @Override
  public void setRef(int a0, java.sql.Ref a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setRef is not supported");
  }

  @Override
  public void setRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setRowId is not supported");
  }

  @Override
  public void setSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setSQLXML is not supported");
  }

  @Override
  public void setShort(int a0, short a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setShort is not supported");
  }

  @Override
  public void setString(int a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setString is not supported");
  }

  @Override
  public void setTime(int a0, java.sql.Time a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setTime is not supported");
  }

  @Override
  public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setTime is not supported");
  }

  @Override
  public void setTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setTimestamp is not supported");
  }

  @Override
  public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setTimestamp is not supported");
  }

  @Override
  public void setURL(int a0, java.net.URL a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setURL is not supported");
  }

  @Override
  public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setUnicodeStream is not supported");
  }

  @Override
  public void addBatch(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.addBatch is not supported");
  }

  @Override
  public void cancel() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.cancel is not supported");
  }

  @Override
  public void clearBatch() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.clearBatch is not supported");
  }

  @Override
  public void clearWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.clearWarnings is not supported");
  }

  @Override
  public void close() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.close is not supported");
  }

  @Override
  public void closeOnCompletion() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.closeOnCompletion is not supported");
  }

  @Override
  public void setCursorName(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setCursorName is not supported");
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setEscapeProcessing is not supported");
  }

  @Override
  public void setFetchDirection(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setFetchDirection is not supported");
  }

  @Override
  public void setFetchSize(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setFetchSize is not supported");
  }

  @Override
  public void setMaxFieldSize(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setMaxFieldSize is not supported");
  }

  @Override
  public void setMaxRows(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setMaxRows is not supported");
  }

  @Override
  public void setPoolable(boolean a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setPoolable is not supported");
  }

  @Override
  public void setQueryTimeout(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("PreparedStatement.setQueryTimeout is not supported");
  }
}
