package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per row of docs/types.md's JVM column (parameters, results, decisions). */
class TypesTest {
  Connection c;

  @BeforeEach
  void open() throws Exception {
    c = DriverManager.getConnection("jdbc:edgelite::memory:");
    c.createStatement().executeUpdate("CREATE TABLE v(x)"); // no affinity: values stay as bound
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Binds one value, stores it, and returns {typeof(x), x as read by getObject}. */
  Object[] roundTrip(Binder b) throws SQLException {
    c.createStatement().executeUpdate("DELETE FROM v");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO v VALUES (?)")) {
      b.bind(ps);
      ps.executeUpdate();
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT typeof(x), x FROM v")) {
      assertTrue(rs.next());
      return new Object[] {rs.getString(1), rs.getObject(2)};
    }
  }

  ResultSet one(String sql) throws SQLException {
    ResultSet rs = c.createStatement().executeQuery(sql);
    assertTrue(rs.next());
    return rs;
  }

  @Test
  void nullParameters() throws Exception {
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setNull(1, Types.INTEGER)));
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setObject(1, null)));
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setString(1, null)));
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setBytes(1, null)));
  }

  @Test
  void integerParameters() throws Exception {
    assertArrayEquals(new Object[] {"integer", Long.MAX_VALUE}, roundTrip(ps -> ps.setLong(1, Long.MAX_VALUE)));
    assertArrayEquals(new Object[] {"integer", Long.MIN_VALUE}, roundTrip(ps -> ps.setLong(1, Long.MIN_VALUE)));
    assertArrayEquals(new Object[] {"integer", 9007199254740993L}, roundTrip(ps -> ps.setLong(1, 9007199254740993L)));
    assertArrayEquals(new Object[] {"integer", -5L}, roundTrip(ps -> ps.setInt(1, -5)));
    assertArrayEquals(new Object[] {"integer", 7L}, roundTrip(ps -> ps.setShort(1, (short) 7)));
    assertArrayEquals(new Object[] {"integer", 8L}, roundTrip(ps -> ps.setByte(1, (byte) 8)));
    assertArrayEquals(new Object[] {"integer", 1L}, roundTrip(ps -> ps.setBoolean(1, true)));
    assertArrayEquals(new Object[] {"integer", 0L}, roundTrip(ps -> ps.setBoolean(1, false)));
    assertArrayEquals(new Object[] {"integer", 123L}, roundTrip(ps -> ps.setBigDecimal(1, new BigDecimal("123.000"))));
    assertArrayEquals(new Object[] {"integer", Long.MAX_VALUE}, roundTrip(ps -> ps.setObject(1, BigInteger.valueOf(Long.MAX_VALUE))));
    assertArrayEquals(new Object[] {"integer", 3L}, roundTrip(ps -> ps.setObject(1, 3)));
  }

  @Test
  void integersOutsideTheRangeAreErrors() throws Exception {
    PreparedStatement ps = c.prepareStatement("SELECT ?");
    SQLException e = assertThrows(SQLException.class, () -> ps.setBigDecimal(1, new BigDecimal("9223372036854775808")));
    assertEquals(16409, e.getErrorCode());
    assertEquals("EDGELITE_RANGE_PARAMETER", ((EdgeliteException) e).getName());
    assertThrows(SQLException.class, () -> ps.setObject(1, BigInteger.ONE.shiftLeft(64)));
  }

  @Test
  void fractionalBigDecimalBindsAsExactText() throws Exception {
    assertArrayEquals(new Object[] {"text", "0.10"}, roundTrip(ps -> ps.setBigDecimal(1, new BigDecimal("0.10"))));
  }

  @Test
  void realParameters() throws Exception {
    assertArrayEquals(new Object[] {"real", 1.5}, roundTrip(ps -> ps.setDouble(1, 1.5)));
    assertArrayEquals(new Object[] {"real", 0.1}, roundTrip(ps -> ps.setDouble(1, 0.1)));
    assertArrayEquals(new Object[] {"real", (double) 0.25f}, roundTrip(ps -> ps.setFloat(1, 0.25f)));
    assertArrayEquals(new Object[] {"real", 2.0}, roundTrip(ps -> ps.setDouble(1, 2.0)), "integral reals stay REAL");
  }

  @Test
  void negativeZeroKeepsItsSign() throws Exception {
    Object[] r = roundTrip(ps -> ps.setDouble(1, -0.0));
    assertEquals("real", r[0]);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) r[1]));
  }

  @Test
  void infinitiesAreKept() throws Exception {
    assertArrayEquals(new Object[] {"real", Double.POSITIVE_INFINITY}, roundTrip(ps -> ps.setDouble(1, Double.POSITIVE_INFINITY)));
    assertArrayEquals(new Object[] {"real", Double.NEGATIVE_INFINITY}, roundTrip(ps -> ps.setDouble(1, Double.NEGATIVE_INFINITY)));
  }

  @Test
  void nanBindsAsNull() throws Exception {
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setDouble(1, Double.NaN)));
    assertArrayEquals(new Object[] {"null", null}, roundTrip(ps -> ps.setFloat(1, Float.NaN)));
  }

  @Test
  void textParameters() throws Exception {
    assertArrayEquals(new Object[] {"text", "héllo 🎉 \u0000 end"}, roundTrip(ps -> ps.setString(1, "héllo 🎉 \u0000 end")));
    assertArrayEquals(new Object[] {"text", ""}, roundTrip(ps -> ps.setString(1, "")), "empty is not NULL");
    assertArrayEquals(new Object[] {"text", "x"}, roundTrip(ps -> ps.setObject(1, 'x')));
    assertArrayEquals(new Object[] {"text", "abc"}, roundTrip(ps -> ps.setCharacterStream(1, new StringReader("abc"))));
    assertArrayEquals(new Object[] {"text", "12"}, roundTrip(ps -> ps.setObject(1, 12, Types.VARCHAR)));
  }

  @Test
  void blobParameters() throws Exception {
    Object[] r = roundTrip(ps -> ps.setBytes(1, new byte[] {0, (byte) 0xff, 7}));
    assertEquals("blob", r[0]);
    assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, (byte[]) r[1]);
    Object[] empty = roundTrip(ps -> ps.setBytes(1, new byte[0]));
    assertEquals("blob", empty[0], "an empty blob is not NULL");
    assertArrayEquals(new byte[0], (byte[]) empty[1]);
    Object[] stream = roundTrip(ps -> ps.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2, 3}), 2));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) stream[1]);
  }

  @Test
  void dateTimeParametersAreIsoTextInUtc() throws Exception {
    Instant instant = Instant.parse("2024-02-29T13:45:06.123Z");
    assertArrayEquals(new Object[] {"text", "2024-02-29T13:45:06.123Z"}, roundTrip(ps -> ps.setTimestamp(1, Timestamp.from(instant))));
    assertArrayEquals(new Object[] {"text", "2024-02-29T00:00:00Z"}, roundTrip(ps -> ps.setDate(1, Date.valueOf(LocalDate.of(2024, 2, 29)))));
    assertArrayEquals(new Object[] {"text", "1970-01-01T13:45:06Z"}, roundTrip(ps -> ps.setTime(1, Time.valueOf(LocalTime.of(13, 45, 6)))));
    assertArrayEquals(new Object[] {"text", "2024-02-29T13:45:06.123Z"}, roundTrip(ps -> ps.setObject(1, instant)));
    assertArrayEquals(new Object[] {"text", "2024-02-29T12:45:06.123Z"}, roundTrip(ps -> ps.setObject(1, OffsetDateTime.of(2024, 2, 29, 13, 45, 6, 123000000, ZoneOffset.ofHours(1)))));
    assertArrayEquals(new Object[] {"text", "2024-02-29T13:45:06Z"}, roundTrip(ps -> ps.setObject(1, LocalDateTime.of(2024, 2, 29, 13, 45, 6))));
  }

  @Test
  void otherTypesAreMismatchErrors() throws Exception {
    PreparedStatement ps = c.prepareStatement("SELECT ?");
    SQLException e = assertThrows(SQLDataException.class, () -> ps.setObject(1, new java.util.ArrayList<>()));
    assertEquals(20, e.getErrorCode());
    assertEquals("22000", e.getSQLState());
    assertTrue(e.getMessage().contains("java.util.ArrayList"));
  }

  @Test
  void nullResults() throws Exception {
    ResultSet rs = one("SELECT NULL");
    assertNull(rs.getObject(1));
    assertTrue(rs.wasNull());
    assertEquals(0, rs.getInt(1));
    assertTrue(rs.wasNull());
    assertEquals(0L, rs.getLong(1));
    assertEquals(0.0, rs.getDouble(1));
    assertFalse(rs.getBoolean(1));
    assertNull(rs.getString(1));
    assertNull(rs.getBytes(1));
    assertNull(rs.getTimestamp(1));
    assertNull(rs.getObject(1, Long.class));
  }

  @Test
  void integerResults() throws Exception {
    ResultSet rs = one("SELECT 9223372036854775807, -9223372036854775808, 3000000000, 42");
    assertEquals(Long.MAX_VALUE, rs.getLong(1));
    assertFalse(rs.wasNull());
    assertEquals(Long.MAX_VALUE, rs.getObject(1));
    assertEquals(Long.class, rs.getObject(2).getClass());
    assertEquals(Long.MIN_VALUE, rs.getLong(2));
    assertEquals(3.0e9, rs.getDouble(3), "an INTEGER read as a floating-point type is converted");
    assertEquals("3000000000", rs.getString(3), "getString of a number gives its text");
    SQLException e = assertThrows(SQLDataException.class, () -> rs.getInt(3), "an INTEGER that does not fit an int is an error, never truncated");
    assertEquals(20, e.getErrorCode());
    assertEquals(42, rs.getInt(4));
    assertEquals((short) 42, rs.getShort(4));
    assertEquals((byte) 42, rs.getByte(4));
    assertTrue(rs.getBoolean(4));
    assertEquals(new BigDecimal(42), rs.getBigDecimal(4));
    assertEquals(Integer.valueOf(42), rs.getObject(4, Integer.class));
    assertThrows(SQLDataException.class, () -> rs.getObject(3, Integer.class));
    assertThrows(SQLDataException.class, () -> rs.getShort(3));
  }

  @Test
  void realResults() throws Exception {
    ResultSet rs = one("SELECT 2.75, -2.75, 1e300");
    assertEquals(2.75, rs.getDouble(1));
    assertEquals(2.75, rs.getObject(1));
    assertEquals(Double.class, rs.getObject(1).getClass());
    assertEquals(2, rs.getInt(1), "getInt of a REAL truncates, as every JDBC driver");
    assertEquals(-2, rs.getLong(2));
    assertEquals("2.75", rs.getString(1));
    assertEquals(2.75f, rs.getFloat(1));
    assertThrows(SQLDataException.class, () -> rs.getLong(3), "too large for a long");
    assertEquals(new BigDecimal("2.75"), rs.getBigDecimal(1));
  }

  @Test
  void textResults() throws Exception {
    ResultSet rs = one("SELECT 'héllo', ' 12 ', 'abc', CAST(x'ff' AS TEXT), 'true'");
    assertEquals("héllo", rs.getString(1));
    assertEquals("héllo", rs.getObject(1));
    assertEquals(12, rs.getInt(2), "numeric text reads as a number");
    assertThrows(SQLDataException.class, () -> rs.getInt(3));
    assertEquals("\ufffd", rs.getString(4), "text that is not UTF-8 reads with replacement characters");
    assertTrue(rs.getBoolean(5));
    assertArrayEquals("abc".getBytes(), rs.getBytes(3));
    assertEquals("abc", new String(rs.getAsciiStream(3).readAllBytes()));
  }

  @Test
  void blobResults() throws Exception {
    ResultSet rs = one("SELECT x'00ff', x''");
    assertArrayEquals(new byte[] {0, (byte) 0xff}, rs.getBytes(1));
    assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) rs.getObject(1));
    assertArrayEquals(new byte[0], rs.getBytes(2));
    assertFalse(rs.wasNull());
    assertThrows(SQLDataException.class, () -> rs.getLong(1));
    assertEquals(2, rs.getBinaryStream(1).readAllBytes().length);
  }

  @Test
  void dateTimeResultsConvertOnlyWhenAsked() throws Exception {
    c.createStatement().executeUpdate("CREATE TABLE d(at TIMESTAMP, day DATE)");
    PreparedStatement ps = c.prepareStatement("INSERT INTO d VALUES (?, ?)");
    Timestamp ts = Timestamp.from(Instant.parse("2024-02-29T13:45:06.123Z"));
    ps.setTimestamp(1, ts);
    ps.setDate(2, Date.valueOf("2024-02-29"));
    ps.executeUpdate();
    ResultSet rs = one("SELECT at, day, '2024-01-02 03:04:05', 1700000000000 FROM d");
    assertEquals("2024-02-29T13:45:06.123Z", rs.getObject(1), "getObject returns the stored text");
    assertEquals(ts, rs.getTimestamp(1));
    assertEquals(Date.valueOf("2024-02-29"), rs.getDate(2));
    assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(2, LocalDate.class));
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"), rs.getObject(3, Instant.class), "SQLite's own format, in UTC");
    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), rs.getObject(3, LocalDateTime.class));
    assertEquals(Time.valueOf("03:04:05"), rs.getTime(3));
    assertEquals(Instant.ofEpochMilli(1700000000000L), rs.getTimestamp(4).toInstant(), "INTEGER as epoch milliseconds");
    assertThrows(SQLDataException.class, () -> one("SELECT 'not a date'").getTimestamp(1));
    assertEquals(java.sql.Types.TIMESTAMP, rs.getMetaData().getColumnType(1));
    assertEquals(java.sql.Types.DATE, rs.getMetaData().getColumnType(2));
  }

  @Test
  void getObjectWithUnsupportedTypeIsAnError() throws Exception {
    ResultSet rs = one("SELECT 1");
    assertThrows(SQLDataException.class, () -> rs.getObject(1, StringBuilder.class));
  }

  @Test
  void columnTypesFollowTheValueWithoutADeclaredType() throws Exception {
    ResultSet rs = one("SELECT 1, 1.5, 'a', x'00', NULL");
    int[] expected = {Types.BIGINT, Types.DOUBLE, Types.VARCHAR, Types.BLOB, Types.NULL};
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], rs.getMetaData().getColumnType(i + 1));
    assertEquals(Long.class.getName(), rs.getMetaData().getColumnClassName(1));
  }
}
