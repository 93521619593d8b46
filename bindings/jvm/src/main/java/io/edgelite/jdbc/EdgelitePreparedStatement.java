package io.edgelite.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.Calendar;

/**
 * A prepared statement: {@code ?} parameters (also {@code ?NNN}, {@code :name}, {@code @name},
 * {@code $name}, bound by position), setters by {@code docs/types.md}, and batches that run in
 * one native call ({@link #executeBatch()}). Every parameter must be set before executing.
 */
final class EdgelitePreparedStatement extends EdgeliteStatement {
  private final String[][] columns;
  private final String[] paramNames;
  private final int count;
  private final Values.Slot[] slots;
  private final boolean[] set;
  private final Params bound; // what params() hands to native code, reused by every execution
  // The batch, row-major.
  private int batchSets;
  private int[] bTypes = new int[0];
  private long[] bLongs = new long[0];
  private double[] bDoubles = new double[0];
  private Object[] bObjects = new Object[0];

  EdgelitePreparedStatement(EdgeliteConnection conn, String sql, boolean returnKeys) throws SQLException {
    super(conn, sql, returnKeys);
    try {
      if (sql == null) throw EdgeliteErrors.create(21, "SQL is null");
      Object[] info = NativeBridge.describe(conn.handle, sql);
      columns = new String[][] {(String[]) info[0], (String[]) info[1], (String[]) info[2], (String[]) info[3]};
      paramNames = (String[]) info[4];
      sqlId = NativeBridge.intern(sql);
    } catch (SQLException e) {
      close();
      throw e;
    }
    count = paramNames.length;
    slots = new Values.Slot[count];
    for (int i = 0; i < count; i++) slots[i] = new Values.Slot();
    set = new boolean[count];
    bound = new Params(count);
  }

  private Values.Slot slot(int index) throws SQLException {
    checkOpen();
    if (index < 1 || index > count) {
      throw EdgeliteErrors.create(16409, "parameter index " + index + " is not in 1.." + count);
    }
    set[index - 1] = true;
    return slots[index - 1];
  }

  private Params params() throws SQLException {
    Params p = bound;
    for (int i = 0; i < count; i++) {
      if (!set[i]) {
        String name = paramNames[i] == null ? "" : " (" + paramNames[i] + ")";
        throw EdgeliteErrors.create(16409, "parameter " + (i + 1) + name + " is not set");
      }
      p.types[i] = slots[i].type;
      p.longs[i] = slots[i].l;
      p.doubles[i] = slots[i].d;
      p.objects[i] = slots[i].o;
    }
    return p;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return runQuery(sql, params());
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return runUpdate(sql, params());
  }

  @Override
  public boolean execute() throws SQLException {
    return runAny(sql, params());
  }

  @Override
  public void addBatch() throws SQLException {
    Params p = params();
    int need = (batchSets + 1) * count;
    if (need > bTypes.length) {
      int cap = Math.max(need, bTypes.length * 2 + count);
      bTypes = Arrays.copyOf(bTypes, cap);
      bLongs = Arrays.copyOf(bLongs, cap);
      bDoubles = Arrays.copyOf(bDoubles, cap);
      bObjects = Arrays.copyOf(bObjects, cap);
    }
    int at = batchSets * count;
    System.arraycopy(p.types, 0, bTypes, at, count);
    System.arraycopy(p.longs, 0, bLongs, at, count);
    System.arraycopy(p.doubles, 0, bDoubles, at, count);
    System.arraycopy(p.objects, 0, bObjects, at, count);
    batchSets++;
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batchSets = 0;
    Arrays.fill(bObjects, null);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    closeResult();
    int sets = batchSets;
    batchSets = 0;
    long[] changes = new long[sets];
    long[] rowids = new long[sets];
    int[] done = new int[1];
    if (sets == 0) return changes;
    try (Watchdog w = watchdog()) {
      NativeBridge.executeMany(
          conn.handle, sql, sets, count, bTypes, bLongs, bDoubles, bObjects, conn.beginMode(), changes, rowids, done);
    } catch (SQLException e) {
      throw batchError(e, Arrays.copyOf(changes, done[0]));
    } finally {
      Arrays.fill(bObjects, null);
    }
    recordKeys(sql, changes, rowids, sets);
    return changes;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(set, false);
    for (Values.Slot s : slots) s.o = null;
    Arrays.fill(bound.objects, null);
  }

  @Override
  public void close() throws SQLException {
    try {
      super.close();
    } finally {
      long id = sqlId;
      sqlId = 0;
      if (id != 0) NativeBridge.close(id);
    }
  }

  @Override
  int expectedColumns() {
    return columns[0].length;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return columns[0].length == 0 ? null : new EdgeliteResultSetMetaData(columns, null);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return new EdgeliteParameterMetaData(paramNames);
  }

  // Setters (docs/types.md, "Parameters").
  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    Values.text(slot(i), null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    setNull(i, sqlType);
  }

  @Override
  public void setBoolean(int i, boolean v) throws SQLException {
    Values.integer(slot(i), v ? 1 : 0);
  }

  @Override
  public void setByte(int i, byte v) throws SQLException {
    Values.integer(slot(i), v);
  }

  @Override
  public void setShort(int i, short v) throws SQLException {
    Values.integer(slot(i), v);
  }

  @Override
  public void setInt(int i, int v) throws SQLException {
    Values.integer(slot(i), v);
  }

  @Override
  public void setLong(int i, long v) throws SQLException {
    Values.integer(slot(i), v);
  }

  @Override
  public void setFloat(int i, float v) throws SQLException {
    Values.real(slot(i), v);
  }

  @Override
  public void setDouble(int i, double v) throws SQLException {
    Values.real(slot(i), v);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal v) throws SQLException {
    Values.bigDecimal(slot(i), v);
  }

  @Override
  public void setString(int i, String v) throws SQLException {
    Values.text(slot(i), v);
  }

  @Override
  public void setNString(int i, String v) throws SQLException {
    setString(i, v);
  }

  @Override
  public void setBytes(int i, byte[] v) throws SQLException {
    Values.bind(v, slot(i));
  }

  @Override
  public void setDate(int i, Date v) throws SQLException {
    Values.bind(v, slot(i));
  }

  @Override
  public void setTime(int i, Time v) throws SQLException {
    Values.bind(v, slot(i));
  }

  @Override
  public void setTimestamp(int i, Timestamp v) throws SQLException {
    Values.bind(v, slot(i));
  }

  /** Date/times are stored in UTC (docs/types.md decision 9); the calendar is not needed. */
  @Override
  public void setDate(int i, Date v, Calendar cal) throws SQLException {
    setDate(i, v);
  }

  @Override
  public void setTime(int i, Time v, Calendar cal) throws SQLException {
    setTime(i, v);
  }

  @Override
  public void setTimestamp(int i, Timestamp v, Calendar cal) throws SQLException {
    setTimestamp(i, v);
  }

  @Override
  public void setObject(int i, Object v) throws SQLException {
    Values.bind(v, slot(i));
  }

  @Override
  public void setObject(int i, Object v, int targetSqlType) throws SQLException {
    if (v == null) {
      setNull(i, targetSqlType);
      return;
    }
    switch (targetSqlType) {
      case Types.VARCHAR:
      case Types.CHAR:
      case Types.LONGVARCHAR:
      case Types.NVARCHAR:
      case Types.CLOB:
        if (v instanceof byte[]) Values.bind(v, slot(i));
        else Values.text(slot(i), v instanceof String ? (String) v : v.toString());
        return;
      default:
        Values.bind(v, slot(i));
    }
  }

  @Override
  public void setObject(int i, Object v, int targetSqlType, int scale) throws SQLException {
    setObject(i, v, targetSqlType);
  }

  @Override
  public void setObject(int i, Object v, SQLType targetSqlType) throws SQLException {
    setObject(i, v, targetSqlType == null || targetSqlType.getVendorTypeNumber() == null ? Types.OTHER : targetSqlType.getVendorTypeNumber());
  }

  @Override
  public void setObject(int i, Object v, SQLType targetSqlType, int scale) throws SQLException {
    setObject(i, v, targetSqlType);
  }

  @Override
  public void setURL(int i, URL v) throws SQLException {
    Values.text(slot(i), v == null ? null : v.toString());
  }

  private static byte[] readAll(InputStream in, long length) throws SQLException {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long left = length < 0 ? Long.MAX_VALUE : length;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        out.write(buf, 0, n);
        left -= n;
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw EdgeliteErrors.create(10, "reading the stream failed: " + e);
    }
  }

  private static String readAll(Reader in, long length) throws SQLException {
    try {
      StringBuilder out = new StringBuilder();
      char[] buf = new char[8192];
      long left = length < 0 ? Long.MAX_VALUE : length;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        out.append(buf, 0, n);
        left -= n;
      }
      return out.toString();
    } catch (IOException e) {
      throw EdgeliteErrors.create(10, "reading the reader failed: " + e);
    }
  }

  @Override
  public void setBinaryStream(int i, InputStream in, int length) throws SQLException {
    setBinaryStream(i, in, (long) length);
  }

  @Override
  public void setBinaryStream(int i, InputStream in, long length) throws SQLException {
    Values.bind(in == null ? null : readAll(in, length), slot(i));
  }

  @Override
  public void setBinaryStream(int i, InputStream in) throws SQLException {
    setBinaryStream(i, in, -1L);
  }

  @Override
  public void setAsciiStream(int i, InputStream in, int length) throws SQLException {
    setAsciiStream(i, in, (long) length);
  }

  @Override
  public void setAsciiStream(int i, InputStream in, long length) throws SQLException {
    Values.text(slot(i), in == null ? null : new String(readAll(in, length), StandardCharsets.US_ASCII));
  }

  @Override
  public void setAsciiStream(int i, InputStream in) throws SQLException {
    setAsciiStream(i, in, -1L);
  }

  @Override
  public void setCharacterStream(int i, Reader in, int length) throws SQLException {
    setCharacterStream(i, in, (long) length);
  }

  @Override
  public void setCharacterStream(int i, Reader in, long length) throws SQLException {
    Values.text(slot(i), in == null ? null : readAll(in, length));
  }

  @Override
  public void setCharacterStream(int i, Reader in) throws SQLException {
    setCharacterStream(i, in, -1L);
  }

  @Override
  public void setNCharacterStream(int i, Reader in, long length) throws SQLException {
    setCharacterStream(i, in, length);
  }

  @Override
  public void setNCharacterStream(int i, Reader in) throws SQLException {
    setCharacterStream(i, in, -1L);
  }
}
