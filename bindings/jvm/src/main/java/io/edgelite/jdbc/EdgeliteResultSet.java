package io.edgelite.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forward-only, read-only result. Rows are read from the native result in blocks; values
 * convert by {@code docs/types.md} ({@link Values}).
 */
public class EdgeliteResultSet extends UnsupportedResultSet {
  private static final int BLOCK = 256;
  /** Rows read with the query itself: a point query needs one native call, and no large buffers. */
  private static final int FIRST_BLOCK = 4;
  /** Columns the first block's buffer is sized for when the statement's count is not known. */
  private static final int GUESSED_COLUMNS = 8;
  // The results at the start of the cells of NativeBridge.query and fetch.
  private static final int QUERY_HEADER = 6;
  private static final int FETCH_HEADER = 4;

  private final EdgeliteStatement statement;
  private long handle; // 0 once closed natively, read to its end by the query, or in memory
  private final int ncols;
  private String[][] columns; // names, decltypes, tables, origins
  private byte[] columnBytes; // their encoded form (NativeBridge.query), decoded when asked for
  private int columnsAt;
  private int[] types;
  private long[] longs;
  private double[] doubles;
  private Object[] objects;
  // What query and fetch fill (NativeBridge.query): a header, two longs a cell, and the texts'
  // and blobs' bytes.
  private long[] cells;
  private byte[] bytes;
  private int rowsInBlock;
  private int pos = -1; // row within the block
  private boolean exhausted;
  private long row; // 1-based row number of the current row
  private final long maxRows;
  private int lastCol = -1;
  private boolean closed;
  private final long[] done = {-1, 0};

  /**
   * Runs a query and reads its first rows in the same native call; {@code expectedColumns} (or
   * -1) sizes the buffer for them.
   */
  static EdgeliteResultSet open(
      EdgeliteStatement statement, long conn, long sqlId, String sql, EdgeliteStatement.Params p, int begin, long maxRows, int expectedColumns)
      throws SQLException {
    int guess = expectedColumns < 0 ? GUESSED_COLUMNS : Math.max(1, expectedColumns);
    long[] cells = new long[QUERY_HEADER + 2 * FIRST_BLOCK * guess];
    byte[] bytes =
        NativeBridge.query(conn, sqlId, sql, p.count, p.types, p.longs, p.doubles, p.objects, begin, FIRST_BLOCK, cells, new byte[128]);
    EdgeliteResultSet rs = new EdgeliteResultSet(statement, cells[0], (int) cells[1], maxRows);
    rs.cells = cells;
    rs.bytes = bytes;
    rs.decode((int) cells[2], QUERY_HEADER);
    if (rs.handle == 0) {
      rs.exhausted = true;
      rs.done[0] = cells[3];
      rs.done[1] = cells[4];
      rs.columnBytes = bytes;
      rs.columnsAt = (int) cells[5];
    }
    return rs;
  }

  /** A native result of {@code ncols} columns. */
  private EdgeliteResultSet(EdgeliteStatement statement, long handle, int ncols, long maxRows) {
    this.statement = statement;
    this.handle = handle;
    this.ncols = ncols;
    this.maxRows = maxRows;
  }

  /** An in-memory result (metadata, generated keys, read-only auto-commit queries). */
  EdgeliteResultSet(EdgeliteStatement statement, String[] names, List<Object[]> rows) {
    this.statement = statement;
    this.handle = 0;
    this.ncols = names.length;
    this.maxRows = 0;
    String[] none = new String[names.length];
    this.columns = new String[][] {names, none, none, none};
    load(rows);
  }

  /** Reads a native result to its end into memory (then it holds no statement open). */
  static EdgeliteResultSet drain(EdgeliteResultSet native_) throws SQLException {
    String[][] cols = native_.columnInfo();
    List<Object[]> rows = new ArrayList<>();
    int ncols = native_.ncols;
    while (native_.next()) {
      Object[] r = new Object[ncols];
      for (int i = 0; i < ncols; i++) r[i] = native_.getObject(i + 1);
      rows.add(r);
    }
    native_.close();
    EdgeliteResultSet rs = new EdgeliteResultSet(native_.statement, cols[0], rows);
    rs.columns = cols;
    return rs;
  }

  /** The number of columns (without a native call). */
  int columnCount() {
    return ncols;
  }

  /** Runs a statement without columns (so without rows) to its end; returns {changes, last insert rowid}. */
  long[] finishWithoutRows() throws SQLException {
    return handle != 0 ? NativeBridge.finish(handle) : done;
  }

  /** Moves {@code n} rows from {@link #cells} (after {@code header} longs) and {@link #bytes} into the typed arrays. */
  private void decode(int n, int header) {
    int count = n * ncols;
    if (types == null || types.length < count) {
      types = new int[count];
      longs = new long[count];
      doubles = new double[count];
      objects = new Object[count];
    }
    for (int i = 0; i < count; i++) {
      long head = cells[header + 2 * i];
      long payload = cells[header + 2 * i + 1];
      int type = (int) (head & 0xff);
      types[i] = type;
      longs[i] = 0;
      doubles[i] = 0;
      objects[i] = null;
      switch (type) {
        case NativeBridge.T_INTEGER:
          longs[i] = payload;
          break;
        case NativeBridge.T_REAL:
          doubles[i] = Double.longBitsToDouble(payload);
          break;
        case NativeBridge.T_TEXT:
          objects[i] = new String(bytes, (int) payload, (int) (head >>> 8), StandardCharsets.UTF_8);
          break;
        case NativeBridge.T_BLOB:
          objects[i] = Arrays.copyOfRange(bytes, (int) payload, (int) payload + (int) (head >>> 8));
          break;
        default:
          break;
      }
    }
    rowsInBlock = n;
  }

  private void load(List<Object[]> rows) {
    int n = rows.size();
    types = new int[n * ncols];
    longs = new long[n * ncols];
    doubles = new double[n * ncols];
    objects = new Object[n * ncols];
    Values.Slot s = new Values.Slot();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < ncols; c++) {
        int at = r * ncols + c;
        Object v = rows.get(r)[c];
        try {
          Values.bind(v, s);
        } catch (SQLException e) {
          throw new IllegalArgumentException(e);
        }
        types[at] = s.type;
        longs[at] = s.l;
        doubles[at] = s.d;
        objects[at] = s.o;
      }
    }
    rowsInBlock = n;
    exhausted = true;
  }

  String[][] columnInfo() throws SQLException {
    if (columns == null && columnBytes != null) {
      columns = decodeColumns(columnBytes, columnsAt, ncols);
      columnBytes = null;
    } else if (columns == null) {
      Object[] info = NativeBridge.columns(handle);
      columns = new String[][] {(String[]) info[0], (String[]) info[1], (String[]) info[2], (String[]) info[3]};
    }
    return columns;
  }

  /** Names, declared types, tables and origins as {@link NativeBridge#query} encodes them. */
  private static String[][] decodeColumns(byte[] b, int at, int ncols) {
    String[][] out = new String[4][ncols];
    for (int field = 0; field < 4; field++) {
      for (int c = 0; c < ncols; c++) {
        int len = ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        at += 4;
        if (len >= 0) {
          out[field][c] = new String(b, at, len, StandardCharsets.UTF_8);
          at += len;
        }
      }
    }
    return out;
  }

  private void checkOpen() throws SQLException {
    if (closed) throw EdgeliteErrors.closed("result set");
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    lastCol = -1;
    if (maxRows > 0 && row >= maxRows) {
      finish();
      return false;
    }
    if (pos + 1 < rowsInBlock) {
      pos++;
      row++;
      return true;
    }
    if (exhausted || handle == 0) {
      pos = rowsInBlock;
      return false;
    }
    int block = ncols == 0 ? 1 : BLOCK;
    if (cells.length < FETCH_HEADER + 2 * block * ncols) cells = new long[FETCH_HEADER + 2 * block * ncols];
    bytes = NativeBridge.fetch(handle, block, cells, bytes);
    if (cells[2] >= 0) {
      done[0] = cells[2];
      done[1] = cells[3];
    }
    int n = (int) cells[0];
    decode(n, FETCH_HEADER);
    if (cells[1] != 0) exhausted = true;
    if (n == 0) {
      pos = 0;
      finish();
      return false;
    }
    pos = 0;
    row++;
    return true;
  }

  /** The rows are read: the native result already let go of its statement; close() frees the rest. */
  private void finish() throws SQLException {
    exhausted = true;
    rowsInBlock = 0;
    pos = 0;
    if (statement != null) statement.resultFinished(this);
  }

  /**
   * Rows the statement changed ({@code INSERT ... RETURNING} has a result and changes), known
   * once the result has been read to its end; -1 before that.
   */
  public long getChanges() throws SQLException {
    checkOpen();
    return done[0];
  }

  @Override
  public void close() throws SQLException {
    if (closed) return;
    closed = true;
    if (handle != 0) {
      long h = handle;
      handle = 0;
      NativeBridge.close(h);
    }
    if (statement != null) statement.resultFinished(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  private int at(int column) throws SQLException {
    checkOpen();
    if (pos < 0 || pos >= rowsInBlock) throw EdgeliteErrors.create(21, "the result set is not on a row (call next())");
    if (column < 1 || column > ncols) throw EdgeliteErrors.create(25, "column index " + column + " is not in 1.." + ncols);
    lastCol = pos * ncols + column - 1;
    return lastCol;
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    if (lastCol < 0) throw EdgeliteErrors.create(21, "wasNull() before reading a column");
    return types[lastCol] == NativeBridge.T_NULL;
  }

  @Override
  public int findColumn(String label) throws SQLException {
    checkOpen();
    String[] names = columnInfo()[0];
    for (int i = 0; i < names.length; i++) if (names[i].equalsIgnoreCase(label)) return i + 1;
    throw EdgeliteErrors.create(25, "no column named " + label);
  }

  @Override
  public String getString(int c) throws SQLException {
    int i = at(c);
    return Values.toText(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public boolean getBoolean(int c) throws SQLException {
    int i = at(c);
    if (types[i] == NativeBridge.T_TEXT) {
      String s = ((String) objects[i]).trim().toLowerCase(Locale.ROOT);
      if (s.equals("true")) return true;
      if (s.equals("false")) return false;
    }
    return Values.toDouble(types[i], longs[i], doubles[i], objects[i]) != 0;
  }

  @Override
  public byte getByte(int c) throws SQLException {
    int i = at(c);
    return (byte) Values.toRange(Values.toLong(types[i], longs[i], doubles[i], objects[i]), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
  }

  @Override
  public short getShort(int c) throws SQLException {
    int i = at(c);
    return (short) Values.toRange(Values.toLong(types[i], longs[i], doubles[i], objects[i]), Short.MIN_VALUE, Short.MAX_VALUE, "short");
  }

  @Override
  public int getInt(int c) throws SQLException {
    int i = at(c);
    if (types[i] == NativeBridge.T_INTEGER) {
      long v = longs[i];
      if (v == (int) v) return (int) v;
    }
    return (int) Values.toRange(Values.toLong(types[i], longs[i], doubles[i], objects[i]), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  @Override
  public long getLong(int c) throws SQLException {
    int i = at(c);
    if (types[i] == NativeBridge.T_INTEGER) return longs[i];
    return Values.toLong(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public float getFloat(int c) throws SQLException {
    return (float) getDouble(c);
  }

  @Override
  public double getDouble(int c) throws SQLException {
    int i = at(c);
    return Values.toDouble(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public BigDecimal getBigDecimal(int c) throws SQLException {
    int i = at(c);
    return Values.toBigDecimal(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public BigDecimal getBigDecimal(int c, int scale) throws SQLException {
    BigDecimal b = getBigDecimal(c);
    return b == null ? null : b.setScale(scale, RoundingMode.HALF_EVEN);
  }

  @Override
  public byte[] getBytes(int c) throws SQLException {
    int i = at(c);
    return Values.toBytes(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public Date getDate(int c) throws SQLException {
    return getObject(c, Date.class);
  }

  @Override
  public Time getTime(int c) throws SQLException {
    return getObject(c, Time.class);
  }

  @Override
  public Timestamp getTimestamp(int c) throws SQLException {
    return getObject(c, Timestamp.class);
  }

  /** Stored date/times are UTC (docs/types.md decision 9): the calendar is not needed. */
  @Override
  public Date getDate(int c, Calendar cal) throws SQLException {
    return getDate(c);
  }

  @Override
  public Time getTime(int c, Calendar cal) throws SQLException {
    return getTime(c);
  }

  @Override
  public Timestamp getTimestamp(int c, Calendar cal) throws SQLException {
    return getTimestamp(c);
  }

  @Override
  public Object getObject(int c) throws SQLException {
    int i = at(c);
    return Values.toObject(types[i], longs[i], doubles[i], objects[i]);
  }

  @Override
  public <T> T getObject(int c, Class<T> type) throws SQLException {
    int i = at(c);
    return Values.toObject(types[i], longs[i], doubles[i], objects[i], type);
  }

  @Override
  public Object getObject(int c, Map<String, Class<?>> map) throws SQLException {
    return getObject(c);
  }

  @Override
  public InputStream getBinaryStream(int c) throws SQLException {
    byte[] b = getBytes(c);
    return b == null ? null : new ByteArrayInputStream(b);
  }

  @Override
  public InputStream getAsciiStream(int c) throws SQLException {
    String s = getString(c);
    return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public Reader getCharacterStream(int c) throws SQLException {
    String s = getString(c);
    return s == null ? null : new StringReader(s);
  }

  @Override
  public String getNString(int c) throws SQLException {
    return getString(c);
  }

  @Override
  public Reader getNCharacterStream(int c) throws SQLException {
    return getCharacterStream(c);
  }

  @Override
  public URL getURL(int c) throws SQLException {
    String s = getString(c);
    try {
      return s == null ? null : new URL(s);
    } catch (MalformedURLException e) {
      throw EdgeliteErrors.mismatch("not a URL: " + s);
    }
  }

  // By label.
  @Override
  public String getString(String l) throws SQLException {
    return getString(findColumn(l));
  }

  @Override
  public boolean getBoolean(String l) throws SQLException {
    return getBoolean(findColumn(l));
  }

  @Override
  public byte getByte(String l) throws SQLException {
    return getByte(findColumn(l));
  }

  @Override
  public short getShort(String l) throws SQLException {
    return getShort(findColumn(l));
  }

  @Override
  public int getInt(String l) throws SQLException {
    return getInt(findColumn(l));
  }

  @Override
  public long getLong(String l) throws SQLException {
    return getLong(findColumn(l));
  }

  @Override
  public float getFloat(String l) throws SQLException {
    return getFloat(findColumn(l));
  }

  @Override
  public double getDouble(String l) throws SQLException {
    return getDouble(findColumn(l));
  }

  @Override
  public BigDecimal getBigDecimal(String l) throws SQLException {
    return getBigDecimal(findColumn(l));
  }

  @Override
  public BigDecimal getBigDecimal(String l, int scale) throws SQLException {
    return getBigDecimal(findColumn(l), scale);
  }

  @Override
  public byte[] getBytes(String l) throws SQLException {
    return getBytes(findColumn(l));
  }

  @Override
  public Date getDate(String l) throws SQLException {
    return getDate(findColumn(l));
  }

  @Override
  public Time getTime(String l) throws SQLException {
    return getTime(findColumn(l));
  }

  @Override
  public Timestamp getTimestamp(String l) throws SQLException {
    return getTimestamp(findColumn(l));
  }

  @Override
  public Date getDate(String l, Calendar cal) throws SQLException {
    return getDate(findColumn(l));
  }

  @Override
  public Time getTime(String l, Calendar cal) throws SQLException {
    return getTime(findColumn(l));
  }

  @Override
  public Timestamp getTimestamp(String l, Calendar cal) throws SQLException {
    return getTimestamp(findColumn(l));
  }

  @Override
  public Object getObject(String l) throws SQLException {
    return getObject(findColumn(l));
  }

  @Override
  public <T> T getObject(String l, Class<T> type) throws SQLException {
    return getObject(findColumn(l), type);
  }

  @Override
  public Object getObject(String l, Map<String, Class<?>> map) throws SQLException {
    return getObject(findColumn(l));
  }

  @Override
  public InputStream getBinaryStream(String l) throws SQLException {
    return getBinaryStream(findColumn(l));
  }

  @Override
  public InputStream getAsciiStream(String l) throws SQLException {
    return getAsciiStream(findColumn(l));
  }

  @Override
  public Reader getCharacterStream(String l) throws SQLException {
    return getCharacterStream(findColumn(l));
  }

  @Override
  public String getNString(String l) throws SQLException {
    return getNString(findColumn(l));
  }

  @Override
  public Reader getNCharacterStream(String l) throws SQLException {
    return getNCharacterStream(findColumn(l));
  }

  @Override
  public URL getURL(String l) throws SQLException {
    return getURL(findColumn(l));
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    String[][] info = columnInfo();
    int[] current = null;
    if (pos >= 0 && pos < rowsInBlock) {
      current = new int[ncols];
      System.arraycopy(types, pos * ncols, current, 0, ncols);
    }
    return new EdgeliteResultSetMetaData(info, current);
  }

  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    return statement != null && !statement.isInternal() ? statement : null;
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return pos >= 0 && pos < rowsInBlock ? (int) row : 0;
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return row == 0 && (rowsInBlock > 0 || !exhausted);
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return row > 0 && pos >= rowsInBlock && exhausted;
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return row == 1 && pos >= 0 && pos < rowsInBlock;
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != FETCH_FORWARD) throw EdgeliteErrors.unsupported("forward-only result set");
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return BLOCK;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) throw EdgeliteErrors.create(21, "fetch size is negative");
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public String getCursorName() throws SQLException {
    throw EdgeliteErrors.unsupported("named cursors");
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
