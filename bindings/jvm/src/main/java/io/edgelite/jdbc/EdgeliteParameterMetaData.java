package io.edgelite.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** Parameter count and names; SQLite parameters have no declared type, so types are {@code OTHER}. */
public final class EdgeliteParameterMetaData implements ParameterMetaData {
  private final String[] names;

  EdgeliteParameterMetaData(String[] names) {
    this.names = names;
  }

  private void check(int i) throws SQLException {
    if (i < 1 || i > names.length) throw EdgeliteErrors.create(25, "parameter index " + i + " is not in 1.." + names.length);
  }

  /** The parameter's name with its prefix ({@code :x}), or null for {@code ?}. */
  public String getParameterName(int i) throws SQLException {
    check(i);
    return names[i - 1];
  }

  @Override
  public int getParameterCount() {
    return names.length;
  }

  @Override
  public int isNullable(int i) throws SQLException {
    check(i);
    return parameterNullableUnknown;
  }

  @Override
  public boolean isSigned(int i) throws SQLException {
    check(i);
    return true;
  }

  @Override
  public int getPrecision(int i) throws SQLException {
    check(i);
    return 0;
  }

  @Override
  public int getScale(int i) throws SQLException {
    check(i);
    return 0;
  }

  @Override
  public int getParameterType(int i) throws SQLException {
    check(i);
    return Types.OTHER;
  }

  @Override
  public String getParameterTypeName(int i) throws SQLException {
    check(i);
    return "";
  }

  @Override
  public String getParameterClassName(int i) throws SQLException {
    check(i);
    return Object.class.getName();
  }

  @Override
  public int getParameterMode(int i) throws SQLException {
    check(i);
    return parameterModeIn;
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
