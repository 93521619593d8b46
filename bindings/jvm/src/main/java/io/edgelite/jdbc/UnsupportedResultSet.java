package io.edgelite.jdbc;

// Generated once from the JDK's java.sql.ResultSet (see bindings/jvm/README.md, Development);
// every method the driver does not support fails with SQLFeatureNotSupportedException.
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
abstract class UnsupportedResultSet implements java.sql.ResultSet {
  @Override
  public <T> T getObject(int a0, Class<T> a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public <T> T unwrap(Class<T> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.unwrap is not supported");
  }

  @Override
  public boolean absolute(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.absolute is not supported");
  }

  @Override
  public boolean first() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.first is not supported");
  }

  @Override
  public boolean getBoolean(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBoolean is not supported");
  }

  @Override
  public boolean getBoolean(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBoolean is not supported");
  }

  @Override
  public boolean isAfterLast() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isAfterLast is not supported");
  }

  @Override
  public boolean isBeforeFirst() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isBeforeFirst is not supported");
  }

  @Override
  public boolean isClosed() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isClosed is not supported");
  }

  @Override
  public boolean isFirst() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isFirst is not supported");
  }

  @Override
  public boolean isLast() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isLast is not supported");
  }

  @Override
  public boolean last() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.last is not supported");
  }

  @Override
  public boolean next() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.next is not supported");
  }

  @Override
  public boolean previous() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.previous is not supported");
  }

  @Override
  public boolean relative(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.relative is not supported");
  }

  @Override
  public boolean rowDeleted() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.rowDeleted is not supported");
  }

  @Override
  public boolean rowInserted() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.rowInserted is not supported");
  }

  @Override
  public boolean rowUpdated() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.rowUpdated is not supported");
  }

  @Override
  public boolean wasNull() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.wasNull is not supported");
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.isWrapperFor is not supported");
  }

  @Override
  public byte getByte(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getByte is not supported");
  }

  @Override
  public byte getByte(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getByte is not supported");
  }

  @Override
  public byte[] getBytes(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBytes is not supported");
  }

  @Override
  public byte[] getBytes(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBytes is not supported");
  }

  @Override
  public double getDouble(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDouble is not supported");
  }

  @Override
  public double getDouble(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDouble is not supported");
  }

  @Override
  public float getFloat(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getFloat is not supported");
  }

  @Override
  public float getFloat(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getFloat is not supported");
  }

  @Override
  public int findColumn(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.findColumn is not supported");
  }

  @Override
  public int getConcurrency() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getConcurrency is not supported");
  }

  @Override
  public int getFetchDirection() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getFetchDirection is not supported");
  }

  @Override
  public int getFetchSize() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getFetchSize is not supported");
  }

  @Override
  public int getHoldability() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getHoldability is not supported");
  }

  @Override
  public int getInt(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getInt is not supported");
  }

  @Override
  public int getInt(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getInt is not supported");
  }

  @Override
  public int getRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getRow is not supported");
  }

  @Override
  public int getType() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getType is not supported");
  }

  @Override
  public java.io.InputStream getAsciiStream(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getAsciiStream is not supported");
  }

  @Override
  public java.io.InputStream getAsciiStream(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getAsciiStream is not supported");
  }

  @Override
  public java.io.InputStream getBinaryStream(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBinaryStream is not supported");
  }

  @Override
  public java.io.InputStream getBinaryStream(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBinaryStream is not supported");
  }

  @Override
  public java.io.InputStream getUnicodeStream(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getUnicodeStream is not supported");
  }

  @Override
  public java.io.InputStream getUnicodeStream(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getUnicodeStream is not supported");
  }

  @Override
  public java.io.Reader getCharacterStream(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getCharacterStream is not supported");
  }

  @Override
  public java.io.Reader getCharacterStream(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getCharacterStream is not supported");
  }

  @Override
  public java.io.Reader getNCharacterStream(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNCharacterStream is not supported");
  }

  @Override
  public java.io.Reader getNCharacterStream(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNCharacterStream is not supported");
  }

  @Override
  public Object getObject(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public Object getObject(int a0, java.util.Map<String, Class<?>> a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public Object getObject(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getObject is not supported");
  }

  @Override
  public String getCursorName() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getCursorName is not supported");
  }

  @Override
  public String getNString(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNString is not supported");
  }

  @Override
  public String getNString(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNString is not supported");
  }

  @Override
  public String getString(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getString is not supported");
  }

  @Override
  public String getString(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getString is not supported");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBigDecimal is not supported");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBigDecimal is not supported");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBigDecimal is not supported");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBigDecimal is not supported");
  }

  @Override
  public java.net.URL getURL(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getURL is not supported");
  }

  @Override
  public java.net.URL getURL(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getURL is not supported");
  }

  @Override
  public java.sql.Array getArray(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getArray is not supported");
  }

  @Override
  public java.sql.Array getArray(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getArray is not supported");
  }

  @Override
  public java.sql.Blob getBlob(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBlob is not supported");
  }

  @Override
  public java.sql.Blob getBlob(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getBlob is not supported");
  }

  @Override
  public java.sql.Clob getClob(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getClob is not supported");
  }

  @Override
  public java.sql.Clob getClob(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getClob is not supported");
  }

  @Override
  public java.sql.Date getDate(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDate is not supported");
  }

  @Override
  public java.sql.Date getDate(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDate is not supported");
  }

  @Override
  public java.sql.Date getDate(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDate is not supported");
  }

  @Override
  public java.sql.Date getDate(String a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getDate is not supported");
  }

  @Override
  public java.sql.NClob getNClob(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNClob is not supported");
  }

  @Override
  public java.sql.NClob getNClob(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getNClob is not supported");
  }

  @Override
  public java.sql.Ref getRef(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getRef is not supported");
  }

  @Override
  public java.sql.Ref getRef(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getRef is not supported");
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getMetaData is not supported");
  }

  @Override
  public java.sql.RowId getRowId(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getRowId is not supported");
  }

  @Override
  public java.sql.RowId getRowId(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getRowId is not supported");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getWarnings is not supported");
  }

  @Override
  public java.sql.SQLXML getSQLXML(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getSQLXML is not supported");
  }

  @Override
  public java.sql.SQLXML getSQLXML(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getSQLXML is not supported");
  }

  @Override
  public java.sql.Statement getStatement() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getStatement is not supported");
  }

  @Override
  public java.sql.Time getTime(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTime is not supported");
  }

  @Override
  public java.sql.Time getTime(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTime is not supported");
  }

  @Override
  public java.sql.Time getTime(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTime is not supported");
  }

  @Override
  public java.sql.Time getTime(String a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTime is not supported");
  }

  @Override
  public java.sql.Timestamp getTimestamp(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTimestamp is not supported");
  }

  @Override
  public java.sql.Timestamp getTimestamp(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTimestamp is not supported");
  }

  @Override
  public java.sql.Timestamp getTimestamp(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTimestamp is not supported");
  }

  @Override
  public java.sql.Timestamp getTimestamp(String a0, java.util.Calendar a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getTimestamp is not supported");
  }

  @Override
  public long getLong(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getLong is not supported");
  }

  @Override
  public long getLong(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getLong is not supported");
  }

  @Override
  public short getShort(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getShort is not supported");
  }

  @Override
  public short getShort(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.getShort is not supported");
  }

  @Override
  public void afterLast() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.afterLast is not supported");
  }

  @Override
  public void beforeFirst() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.beforeFirst is not supported");
  }

  @Override
  public void cancelRowUpdates() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.cancelRowUpdates is not supported");
  }

  @Override
  public void clearWarnings() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.clearWarnings is not supported");
  }

  @Override
  public void close() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.close is not supported");
  }

  @Override
  public void deleteRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.deleteRow is not supported");
  }

  @Override
  public void insertRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.insertRow is not supported");
  }

  @Override
  public void moveToCurrentRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.moveToCurrentRow is not supported");
  }

  @Override
  public void moveToInsertRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.moveToInsertRow is not supported");
  }

  @Override
  public void refreshRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.refreshRow is not supported");
  }

  @Override
  public void setFetchDirection(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.setFetchDirection is not supported");
  }

  @Override
  public void setFetchSize(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.setFetchSize is not supported");
  }

  @Override
  public void updateArray(int a0, java.sql.Array a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateArray is not supported");
  }

  @Override
  public void updateArray(String a0, java.sql.Array a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateArray is not supported");
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateAsciiStream is not supported");
  }

  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBigDecimal is not supported");
  }

  @Override
  public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBigDecimal is not supported");
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBinaryStream is not supported");
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBlob(String a0, java.sql.Blob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBlob is not supported");
  }

  @Override
  public void updateBoolean(int a0, boolean a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBoolean is not supported");
  }

  @Override
  public void updateBoolean(String a0, boolean a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBoolean is not supported");
  }

  @Override
  public void updateByte(int a0, byte a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateByte is not supported");
  }

  @Override
  public void updateByte(String a0, byte a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateByte is not supported");
  }

  @Override
  public void updateBytes(int a0, byte[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBytes is not supported");
  }

  @Override
  public void updateBytes(String a0, byte[] a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateBytes is not supported");
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateCharacterStream is not supported");
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateClob(int a0, java.sql.Clob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateClob(String a0, java.sql.Clob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateClob is not supported");
  }

  @Override
  public void updateDate(int a0, java.sql.Date a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateDate is not supported");
  }

  @Override
  public void updateDate(String a0, java.sql.Date a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateDate is not supported");
  }

  @Override
  public void updateDouble(int a0, double a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateDouble is not supported");
  }

  @Override
  public void updateDouble(String a0, double a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateDouble is not supported");
  }

  @Override
  public void updateFloat(int a0, float a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateFloat is not supported");
  }

  @Override
  public void updateFloat(String a0, float a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateFloat is not supported");
  }

  @Override
  public void updateInt(int a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateInt is not supported");
  }

  @Override
  public void updateInt(String a0, int a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateInt is not supported");
  }

  @Override
  public void updateLong(int a0, long a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateLong is not supported");
  }

  @Override
  public void updateLong(String a0, long a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateLong is not supported");
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNCharacterStream is not supported");
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNCharacterStream is not supported");
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNCharacterStream is not supported");
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNCharacterStream is not supported");
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNClob(String a0, java.sql.NClob a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNClob is not supported");
  }

  @Override
  public void updateNString(int a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNString is not supported");
  }

  @Override
  public void updateNString(String a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNString is not supported");
  }

  @Override
  public void updateNull(int a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNull is not supported");
  }

  @Override
  public void updateNull(String a0) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateNull is not supported");
  }

  @Override
  public void updateObject(int a0, Object a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateObject is not supported");
  }

  @Override
  public void updateObject(int a0, Object a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateObject is not supported");
  }

  @Override
  public void updateObject(String a0, Object a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateObject is not supported");
  }

  @Override
  public void updateObject(String a0, Object a1, int a2) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateObject is not supported");
  }

  @Override
  public void updateRef(int a0, java.sql.Ref a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateRef is not supported");
  }

  @Override
  public void updateRef(String a0, java.sql.Ref a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateRef is not supported");
  }

  @Override
  public void updateRow() throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateRow is not supported");
  }

  @Override
  public void updateRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateRowId is not supported");
  }

  @Override
  public void updateRowId(String a0, java.sql.RowId a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateRowId is not supported");
  }

  @Override
  public void updateSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateSQLXML is not supported");
  }

  @Override
  public void updateSQLXML(String a0, java.sql.SQLXML a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateSQLXML is not supported");
  }

  @Override
  public void updateShort(int a0, short a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateShort is not supported");
  }

  @Override
  public void updateShort(String a0, short a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateShort is not supported");
  }

  @Override
  public void updateString(int a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateString is not supported");
  }

  @Override
  public void updateString(String a0, String a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateString is not supported");
  }

  @Override
  public void updateTime(int a0, java.sql.Time a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateTime is not supported");
  }

  @Override
  public void updateTime(String a0, java.sql.Time a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateTime is not supported");
  }

  @Override
  public void updateTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateTimestamp is not supported");
  }

  @Override
  public void updateTimestamp(String a0, java.sql.Timestamp a1) throws java.sql.SQLException {
    throw EdgeliteErrors.unsupported("ResultSet.updateTimestamp is not supported");
  }
}
