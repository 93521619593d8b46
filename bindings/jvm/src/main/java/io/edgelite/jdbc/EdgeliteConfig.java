package io.edgelite.jdbc;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What a JDBC URL and its {@link Properties} say: where the database is and how to open it.
 *
 * <pre>
 * jdbc:edgelite:app.db                      embedded, a file
 * jdbc:edgelite::memory:                    embedded, in memory (one database per connection)
 * jdbc:edgelite:http://host:8080            remote (also https://, ws://, wss://, libsql://)
 * jdbc:edgelite:replica.db?syncUrl=http://host:8080&amp;authToken=...&amp;syncInterval=5
 * </pre>
 *
 * Options (in the URL's query or as properties; properties win): {@code authToken} (also taken
 * from {@code password}), {@code syncUrl}, {@code syncInterval} (seconds, may be fractional),
 * {@code readYourWrites} (true/false), {@code namespace}, {@code busyTimeout} (ms), {@code
 * requestTimeout} (ms), {@code readOnly} (true/false), {@code createIfMissing} (true/false),
 * {@code transactionMode} (deferred,
 * immediate, exclusive: how manual-commit transactions begin).
 */
final class EdgeliteConfig {
  static final String PREFIX = "jdbc:edgelite:";

  static final List<String> OPTIONS =
      Arrays.asList(
          "authToken",
          "syncUrl",
          "syncInterval",
          "readYourWrites",
          "namespace",
          "busyTimeout",
          "requestTimeout",
          "readOnly",
          "createIfMissing",
          "transactionMode");

  final String url;
  final String target;
  final String syncUrl;
  final String authToken;
  final String namespace;
  final boolean readOnly;
  final boolean createIfMissing;
  final long busyTimeoutMs;
  final long syncIntervalMs;
  final long requestTimeoutMs;
  final int readYourWrites;
  final int transactionMode;

  private EdgeliteConfig(String url, String target, Map<String, String> o) throws SQLException {
    this.url = url;
    this.target = target;
    this.syncUrl = blankToNull(o.get("syncUrl"));
    String token = blankToNull(o.get("authToken"));
    if (token == null) token = blankToNull(o.get("password"));
    this.authToken = token;
    this.namespace = blankToNull(o.get("namespace"));
    this.readOnly = bool(o, "readOnly", false);
    this.createIfMissing = bool(o, "createIfMissing", true);
    this.busyTimeoutMs = number(o, "busyTimeout", 1);
    this.syncIntervalMs = number(o, "syncInterval", 1000);
    this.requestTimeoutMs = number(o, "requestTimeout", 1);
    this.readYourWrites = o.containsKey("readYourWrites") ? (bool(o, "readYourWrites", true) ? 1 : 0) : -1;
    String mode = o.getOrDefault("transactionMode", "deferred").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "deferred":
        transactionMode = NativeBridge.BEGIN_DEFERRED;
        break;
      case "immediate":
        transactionMode = NativeBridge.BEGIN_IMMEDIATE;
        break;
      case "exclusive":
        transactionMode = NativeBridge.BEGIN_EXCLUSIVE;
        break;
      default:
        throw EdgeliteErrors.create(21, "transactionMode must be deferred, immediate or exclusive, not " + mode);
    }
  }

  boolean isMemory() {
    return target.equals(":memory:") || target.isEmpty();
  }

  static boolean isRemote(String target) {
    String t = target.toLowerCase(Locale.ROOT);
    return t.startsWith("http://")
        || t.startsWith("https://")
        || t.startsWith("ws://")
        || t.startsWith("wss://")
        || t.startsWith("libsql://");
  }

  /** A key that is equal for two configurations that may share one native database. */
  String shareKey() {
    return String.join(
        "\u0000",
        target,
        String.valueOf(syncUrl),
        String.valueOf(authToken),
        String.valueOf(namespace),
        String.valueOf(readOnly),
        String.valueOf(createIfMissing),
        String.valueOf(busyTimeoutMs),
        String.valueOf(syncIntervalMs),
        String.valueOf(requestTimeoutMs),
        String.valueOf(readYourWrites));
  }

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  static EdgeliteConfig parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) throw EdgeliteErrors.create(21, "not an edgelite URL: " + url);
    String rest = url.substring(PREFIX.length());
    Map<String, String> options = new LinkedHashMap<>();
    String target = rest;
    int q = rest.indexOf('?');
    if (q >= 0) {
      target = rest.substring(0, q);
      List<String> kept = new ArrayList<>();
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
        String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
        if (OPTIONS.contains(key)) {
          options.put(key, value);
        } else if (isRemote(target) || target.startsWith("file:")) {
          kept.add(pair); // the server URL's or SQLite URI's own parameters
        } else {
          throw EdgeliteErrors.create(21, "unknown option " + key + " in " + url + " (known: " + OPTIONS + ")");
        }
      }
      if (!kept.isEmpty()) target = target + "?" + String.join("&", kept);
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        if (OPTIONS.contains(key) || key.equals("password")) options.put(key, info.getProperty(key));
      }
    }
    if (options.containsKey("syncUrl") && (target.isEmpty() || target.equals(":memory:") || isRemote(target))) {
      throw EdgeliteErrors.create(21, "a replica needs a local file path before ?syncUrl=, not " + target);
    }
    return new EdgeliteConfig(url, target, options);
  }

  static DriverPropertyInfo[] propertyInfo(String url, Properties info) {
    String[][] rows = {
      {"authToken", "the server's auth token (JWT); also accepted as password"},
      {"syncUrl", "makes the local path an embedded replica of this server"},
      {"syncInterval", "replicas: seconds between background syncs (none by default)"},
      {"readYourWrites", "replicas: sync after each write (default true)"},
      {"namespace", "remote and replicas: the server's namespace"},
      {"busyTimeout", "ms to wait for a locked database (default 5000)"},
      {"requestTimeout", "remote and replicas: ms a request may take"},
      {"readOnly", "open read-only (embedded) / read-only transactions"},
      {"createIfMissing", "embedded and replicas: create the file when missing (default true)"},
      {"transactionMode", "deferred (default), immediate or exclusive"},
    };
    DriverPropertyInfo[] out = new DriverPropertyInfo[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new DriverPropertyInfo(rows[i][0], info == null ? null : info.getProperty(rows[i][0]));
      out[i].description = rows[i][1];
      out[i].required = false;
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static boolean bool(Map<String, String> o, String key, boolean dflt) throws SQLException {
    String v = o.get(key);
    if (v == null || v.isEmpty()) return dflt;
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw EdgeliteErrors.create(21, key + " must be true or false, not " + v);
    }
  }

  /** A non-negative number of units, scaled to ms; 0 when absent. */
  private static long number(Map<String, String> o, String key, double scale) throws SQLException {
    String v = o.get(key);
    if (v == null || v.isEmpty()) return 0;
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
      return Math.round(d * scale);
    } catch (NumberFormatException e) {
      throw EdgeliteErrors.create(21, key + " must be a non-negative number, not " + v);
    }
  }
}
