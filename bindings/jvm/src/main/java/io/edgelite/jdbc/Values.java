package io.edgelite.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one value-mapping table of the JVM binding ({@code docs/types.md}, column JVM): Java values
 * to SQLite storage classes when binding, and storage classes to Java types when reading.
 */
final class Values {
  private Values() {}

  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss[.SSSSSSSSS]");

  /** A parameter slot: tag plus payload (see {@link NativeBridge}). */
  static final class Slot {
    int type;
    long l;
    double d;
    Object o;
  }

  /** Binds any supported Java object ({@code setObject}); other types are {@code SQLITE_MISMATCH}. */
  static void bind(Object v, Slot s) throws SQLException {
    s.o = null;
    if (v == null) {
      s.type = NativeBridge.T_NULL;
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      integer(s, ((Number) v).longValue());
    } else if (v instanceof Boolean) {
      integer(s, ((Boolean) v) ? 1 : 0);
    } else if (v instanceof Double || v instanceof Float) {
      real(s, ((Number) v).doubleValue());
    } else if (v instanceof String) {
      text(s, (String) v);
    } else if (v instanceof byte[]) {
      s.type = NativeBridge.T_BLOB;
      s.o = v;
    } else if (v instanceof BigDecimal) {
      bigDecimal(s, (BigDecimal) v);
    } else if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      if (b.compareTo(MIN_LONG) < 0 || b.compareTo(MAX_LONG) > 0) throw outOfRange(b);
      integer(s, b.longValue());
    } else if (v instanceof Character) {
      text(s, v.toString());
    } else if (v instanceof java.sql.Timestamp) {
      text(s, formatInstant(((java.sql.Timestamp) v).toInstant()));
    } else if (v instanceof java.sql.Date) {
      text(s, formatDate(((java.sql.Date) v).toLocalDate()));
    } else if (v instanceof java.sql.Time) {
      text(s, formatTime(((java.sql.Time) v).toLocalTime()));
    } else if (v instanceof java.util.Date) {
      text(s, formatInstant(((java.util.Date) v).toInstant()));
    } else if (v instanceof Instant) {
      text(s, formatInstant((Instant) v));
    } else if (v instanceof LocalDateTime) {
      text(s, formatInstant(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
    } else if (v instanceof OffsetDateTime) {
      text(s, formatInstant(((OffsetDateTime) v).toInstant()));
    } else if (v instanceof ZonedDateTime) {
      text(s, formatInstant(((ZonedDateTime) v).toInstant()));
    } else if (v instanceof LocalDate) {
      text(s, formatDate((LocalDate) v));
    } else if (v instanceof LocalTime) {
      text(s, formatTime((LocalTime) v));
    } else {
      throw EdgeliteErrors.mismatch("cannot bind a " + v.getClass().getName() + " (see docs/types.md)");
    }
  }

  static void integer(Slot s, long v) {
    s.type = NativeBridge.T_INTEGER;
    s.l = v;
    s.o = null;
  }

  /** NaN binds as NULL (SQLite's rule, docs/types.md decision 3). */
  static void real(Slot s, double v) {
    s.o = null;
    if (Double.isNaN(v)) {
      s.type = NativeBridge.T_NULL;
    } else {
      s.type = NativeBridge.T_REAL;
      s.d = v;
    }
  }

  static void text(Slot s, String v) {
    s.type = v == null ? NativeBridge.T_NULL : NativeBridge.T_TEXT;
    s.o = v;
  }

  /** Integral values bind as INTEGER (range-checked); fractional ones as their exact text. */
  static void bigDecimal(Slot s, BigDecimal v) throws SQLException {
    if (v == null) {
      s.type = NativeBridge.T_NULL;
      s.o = null;
      return;
    }
    BigDecimal stripped = v.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      BigInteger b = stripped.toBigIntegerExact();
      if (b.compareTo(MIN_LONG) < 0 || b.compareTo(MAX_LONG) > 0) throw outOfRange(b);
      integer(s, b.longValue());
    } else {
      text(s, v.toPlainString());
    }
  }

  static SQLException outOfRange(Object v) {
    return EdgeliteErrors.create(16409, "integer " + v + " is outside the 64-bit range");
  }

  static String formatInstant(Instant i) {
    return DateTimeFormatter.ISO_INSTANT.format(i);
  }

  static String formatDate(LocalDate d) {
    return d + "T00:00:00Z";
  }

  static String formatTime(LocalTime t) {
    return "1970-01-01T" + TIME.format(t).replaceAll("\\.?0+$", "") + "Z";
  }

  /**
   * Reads a stored date/time: ISO-8601 text (a date, or date and time with {@code T} or a space,
   * with or without fraction and zone; no zone means UTC), INTEGER milliseconds since the epoch,
   * or a REAL Julian day number.
   */
  static Instant toInstant(int type, long l, double d, Object o) throws SQLException {
    switch (type) {
      case NativeBridge.T_NULL:
        return null;
      case NativeBridge.T_INTEGER:
        return Instant.ofEpochMilli(l);
      case NativeBridge.T_REAL:
        return Instant.ofEpochMilli(Math.round((d - 2440587.5) * 86400000.0));
      case NativeBridge.T_TEXT:
        return parseInstant((String) o);
      default:
        throw EdgeliteErrors.mismatch("a BLOB is not a date/time");
    }
  }

  static Instant parseInstant(String text) throws SQLException {
    String t = text.trim();
    try {
      if (t.length() == 10) return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (t.length() > 10 && t.charAt(10) == ' ') t = t.substring(0, 10) + "T" + t.substring(11);
      if (t.length() >= 8 && t.length() <= 18 && t.charAt(2) == ':') {
        return LocalTime.parse(t).atDate(LocalDate.EPOCH).toInstant(ZoneOffset.UTC);
      }
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw EdgeliteErrors.mismatch("not an ISO-8601 date/time: " + text);
    }
  }

  static long toLong(int type, long l, double d, Object o) throws SQLException {
    switch (type) {
      case NativeBridge.T_NULL:
        return 0;
      case NativeBridge.T_INTEGER:
        return l;
      case NativeBridge.T_REAL:
        if (d >= 9.223372036854775807E18 || d < -9.223372036854775808E18 || Double.isNaN(d)) {
          throw EdgeliteErrors.mismatch("REAL " + d + " does not fit a 64-bit integer");
        }
        return (long) d; // truncates, as every JDBC driver
      case NativeBridge.T_TEXT:
        String s = ((String) o).trim();
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          try {
            return toLong(NativeBridge.T_REAL, 0, Double.parseDouble(s), null);
          } catch (NumberFormatException e2) {
            throw EdgeliteErrors.mismatch("TEXT '" + o + "' is not a number");
          }
        }
      default:
        throw EdgeliteErrors.mismatch("a BLOB is not a number");
    }
  }

  static long toRange(long v, long min, long max, String type) throws SQLException {
    if (v < min || v > max) throw EdgeliteErrors.mismatch("INTEGER " + v + " does not fit a Java " + type);
    return v;
  }

  static double toDouble(int type, long l, double d, Object o) throws SQLException {
    switch (type) {
      case NativeBridge.T_NULL:
        return 0;
      case NativeBridge.T_INTEGER:
        return l;
      case NativeBridge.T_REAL:
        return d;
      case NativeBridge.T_TEXT:
        try {
          return Double.parseDouble(((String) o).trim());
        } catch (NumberFormatException e) {
          throw EdgeliteErrors.mismatch("TEXT '" + o + "' is not a number");
        }
      default:
        throw EdgeliteErrors.mismatch("a BLOB is not a number");
    }
  }

  static String toText(int type, long l, double d, Object o) {
    switch (type) {
      case NativeBridge.T_NULL:
        return null;
      case NativeBridge.T_INTEGER:
        return Long.toString(l);
      case NativeBridge.T_REAL:
        return Double.toString(d);
      case NativeBridge.T_TEXT:
        return (String) o;
      default:
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }
  }

  static byte[] toBytes(int type, long l, double d, Object o) {
    switch (type) {
      case NativeBridge.T_NULL:
        return null;
      case NativeBridge.T_BLOB:
        return (byte[]) o;
      default:
        return toText(type, l, d, o).getBytes(StandardCharsets.UTF_8);
    }
  }

  static BigDecimal toBigDecimal(int type, long l, double d, Object o) throws SQLException {
    switch (type) {
      case NativeBridge.T_NULL:
        return null;
      case NativeBridge.T_INTEGER:
        return BigDecimal.valueOf(l);
      case NativeBridge.T_REAL:
        if (Double.isInfinite(d)) throw EdgeliteErrors.mismatch("REAL " + d + " is not a BigDecimal");
        return BigDecimal.valueOf(d);
      case NativeBridge.T_TEXT:
        try {
          return new BigDecimal(((String) o).trim());
        } catch (NumberFormatException e) {
          throw EdgeliteErrors.mismatch("TEXT '" + o + "' is not a number");
        }
      default:
        throw EdgeliteErrors.mismatch("a BLOB is not a number");
    }
  }

  /** {@code getObject}: the storage class's Java type. */
  static Object toObject(int type, long l, double d, Object o) {
    switch (type) {
      case NativeBridge.T_NULL:
        return null;
      case NativeBridge.T_INTEGER:
        return l;
      case NativeBridge.T_REAL:
        return d;
      default:
        return o;
    }
  }

  /** {@code getObject(i, type)}. */
  @SuppressWarnings("unchecked")
  static <T> T toObject(int type, long l, double d, Object o, Class<T> c) throws SQLException {
    if (c == null) throw EdgeliteErrors.create(21, "getObject type is null");
    if (type == NativeBridge.T_NULL) return null;
    Object r;
    if (c == Long.class || c == long.class) r = toLong(type, l, d, o);
    else if (c == Integer.class || c == int.class)
      r = (int) toRange(toLong(type, l, d, o), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    else if (c == Short.class || c == short.class)
      r = (short) toRange(toLong(type, l, d, o), Short.MIN_VALUE, Short.MAX_VALUE, "short");
    else if (c == Byte.class || c == byte.class)
      r = (byte) toRange(toLong(type, l, d, o), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    else if (c == Double.class || c == double.class) r = toDouble(type, l, d, o);
    else if (c == Float.class || c == float.class) r = (float) toDouble(type, l, d, o);
    else if (c == Boolean.class || c == boolean.class) r = toDouble(type, l, d, o) != 0;
    else if (c == String.class) r = toText(type, l, d, o);
    else if (c == byte[].class) r = toBytes(type, l, d, o);
    else if (c == BigDecimal.class) r = toBigDecimal(type, l, d, o);
    else if (c == BigInteger.class) r = toBigDecimal(type, l, d, o).toBigInteger();
    else if (c == java.sql.Timestamp.class) r = java.sql.Timestamp.from(toInstant(type, l, d, o));
    else if (c == java.sql.Date.class) r = java.sql.Date.valueOf(toInstant(type, l, d, o).atOffset(ZoneOffset.UTC).toLocalDate());
    else if (c == java.sql.Time.class) r = java.sql.Time.valueOf(toInstant(type, l, d, o).atOffset(ZoneOffset.UTC).toLocalTime());
    else if (c == java.util.Date.class) r = java.util.Date.from(toInstant(type, l, d, o));
    else if (c == Instant.class) r = toInstant(type, l, d, o);
    else if (c == LocalDateTime.class) r = LocalDateTime.ofInstant(toInstant(type, l, d, o), ZoneOffset.UTC);
    else if (c == OffsetDateTime.class) r = toInstant(type, l, d, o).atOffset(ZoneOffset.UTC);
    else if (c == LocalDate.class) r = toInstant(type, l, d, o).atOffset(ZoneOffset.UTC).toLocalDate();
    else if (c == LocalTime.class) r = toInstant(type, l, d, o).atOffset(ZoneOffset.UTC).toLocalTime();
    else if (c == OffsetTime.class) r = toInstant(type, l, d, o).atOffset(ZoneOffset.UTC).toOffsetTime();
    else if (c == Object.class) r = toObject(type, l, d, o);
    else throw EdgeliteErrors.mismatch("cannot read a column as " + c.getName() + " (see docs/types.md)");
    return (T) r;
  }
}
