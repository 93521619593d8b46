package io.edgelite.jdbc;

/** The driver's version, which is the edgelite workspace version. */
final class NativeBridgeVersion {
  static final String VERSION = "0.1.0";
  static final int MAJOR = 0;
  static final int MINOR = 1;

  private NativeBridgeVersion() {}
}
