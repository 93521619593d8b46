// The JVM conformance runner (conformance/PROTOCOL.md): performs each request only through the
// JDBC driver's public API (java.sql plus io.edgelite.jdbc's public classes) and reports what
// happened. A `db` is an EdgeliteDataSource, a `conn` a java.sql.Connection from it.
//
// Run: java -cp bindings/jvm/target/edgelite-jdbc-<version>.jar bindings/jvm/conformance/Runner.java

import io.edgelite.jdbc.EdgeliteConnection;
import io.edgelite.jdbc.EdgeliteDataSource;
import io.edgelite.jdbc.EdgeliteErrors;
import io.edgelite.jdbc.EdgeliteException;
import io.edgelite.jdbc.EdgeliteParameterMetaData;
import io.edgelite.jdbc.EdgeliteResultSet;
import io.edgelite.jdbc.EdgeliteResultSetMetaData;
import io.edgelite.jdbc.SyncResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Runner {
  static final Map<String, EdgeliteDataSource> databases = new HashMap<>();
  static final Map<String, Connection> connections = new HashMap<>();
  static final Map<String, String> connectionDb = new HashMap<>();
  static final Map<String, Map<String, Savepoint>> savepoints = new HashMap<>();

  static final class ProtocolError extends Exception {
    ProtocolError(String m) {
      super(m);
    }
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) continue;
      Map<String, Object> answer;
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) new Json(line).parse();
        answer = handle(request);
        answer.put("ok", true);
      } catch (SQLException e) {
        answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", encodeError(e, -1));
      } catch (BatchError e) {
        answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", encodeError(e.cause, e.index));
      } catch (ProtocolError | RuntimeException e) {
        answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("protocol_error", String.valueOf(e));
      }
      out.print(Json.write(answer));
      out.print('\n');
      out.flush();
    }
  }

  static Map<String, Object> encodeError(SQLException e, int index) {
    Map<String, Object> err = new LinkedHashMap<>();
    int code = e.getErrorCode();
    String name = e instanceof EdgeliteException ? ((EdgeliteException) e).getName() : "SQLITE_ERROR";
    err.put("code", EdgeliteErrors.primaryName(code));
    err.put("name", name);
    err.put("extended_code", (long) code);
    String message = e.getMessage();
    if (message != null && message.startsWith(name + ": ")) message = message.substring(name.length() + 2);
    err.put("message", message);
    if (index >= 0) err.put("statement_index", (long) index);
    return err;
  }

  static final class BatchError extends Exception {
    final SQLException cause;
    final int index;

    BatchError(SQLException cause, int index) {
      this.cause = cause;
      this.index = index;
    }
  }

  static String str(Map<String, Object> m, String key) throws ProtocolError {
    Object v = m.get(key);
    if (!(v instanceof String)) throw new ProtocolError("missing string field " + key);
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : new HashMap<>();
  }

  static Map<String, Object> handle(Map<String, Object> req) throws Exception {
    String op = str(req, "op");
    Map<String, Object> r = new LinkedHashMap<>();
    switch (op) {
      case "hello":
        r.put("runner", "jvm");
        r.put("version", connectVersion());
        r.put("modes", List.of("embedded", "remote", "replica"));
        r.put("capabilities", List.of("interrupt", "read_only_transaction", "savepoints"));
        return r;
      case "reset":
        for (Connection c : connections.values()) {
          try {
            c.close();
          } catch (SQLException ignored) {
            // closing anyway
          }
        }
        for (EdgeliteDataSource ds : databases.values()) ds.close();
        connections.clear();
        connectionDb.clear();
        databases.clear();
        savepoints.clear();
        return r;
      case "open":
        return open(req);
      case "sync":
        {
          String db = req.getOrDefault("db", "main").toString();
          EdgeliteDataSource ds = databases.get(db);
          if (ds == null) throw new ProtocolError("no such database " + db);
          try (Connection c = ds.getConnection()) {
            SyncResult s = c.unwrap(EdgeliteConnection.class).sync();
            r.put("generation", s.getGeneration());
            r.put("frame", s.getFrame());
            r.put("frames_applied", s.getFramesApplied());
          }
          return r;
        }
      default:
        String name = req.getOrDefault("conn", "main").toString();
        Connection c = connections.get(name);
        if (c == null) throw new ProtocolError("no connection named " + name);
        return onConnection(name, c, op, req);
    }
  }

  static String connectVersion() throws SQLException {
    try (Connection c = new EdgeliteDataSource("jdbc:edgelite::memory:").getConnection()) {
      return c.getMetaData().getDriverVersion();
    }
  }

  static Map<String, Object> open(Map<String, Object> req) throws Exception {
    String db = str(req, "db");
    String conn = str(req, "conn");
    EdgeliteDataSource ds = databases.get(db);
    if (ds == null) {
      Map<String, Object> target = obj(req.get("target"));
      Map<String, Object> options = obj(req.get("options"));
      ds = new EdgeliteDataSource();
      switch (str(target, "mode")) {
        case "embedded":
          ds.setUrl("jdbc:edgelite:" + str(target, "path"));
          break;
        case "remote":
          ds.setUrl("jdbc:edgelite:" + str(target, "url"));
          break;
        case "replica":
          ds.setUrl("jdbc:edgelite:" + str(target, "path"));
          ds.setSyncUrl(str(target, "sync_url"));
          break;
        default:
          throw new ProtocolError("unknown mode " + target.get("mode"));
      }
      if (target.get("auth_token") != null) ds.setAuthToken(target.get("auth_token").toString());
      if (target.get("namespace") != null) ds.setProperty("namespace", target.get("namespace").toString());
      if (options.get("read_only") != null) ds.setReadOnly((Boolean) options.get("read_only"));
      if (options.get("create_if_missing") != null) ds.setProperty("createIfMissing", options.get("create_if_missing").toString());
      if (options.get("busy_timeout_ms") != null) ds.setBusyTimeout(((Number) options.get("busy_timeout_ms")).longValue());
      Connection c = ds.getConnection(); // opens the database, or fails
      databases.put(db, ds);
      connections.put(conn, c);
      connectionDb.put(conn, db);
      return new LinkedHashMap<>();
    }
    connections.put(conn, ds.getConnection());
    connectionDb.put(conn, db);
    return new LinkedHashMap<>();
  }

  /** Binds positional (a list) or named (an object) parameters by the JDBC setters. */
  static void bind(PreparedStatement ps, Object params) throws Exception {
    if (params == null) return;
    if (params instanceof List) {
      List<?> list = (List<?>) params;
      for (int i = 0; i < list.size(); i++) setValue(ps, i + 1, list.get(i));
      return;
    }
    Map<String, Object> named = obj(params);
    EdgeliteParameterMetaData pmd = ps.getParameterMetaData().unwrap(EdgeliteParameterMetaData.class);
    for (int i = 1; i <= pmd.getParameterCount(); i++) {
      String name = pmd.getParameterName(i);
      if (name == null) continue;
      if (named.containsKey(name)) setValue(ps, i, named.get(name));
      else if (named.containsKey(name.substring(1))) setValue(ps, i, named.get(name.substring(1)));
    }
  }

  static void setValue(PreparedStatement ps, int i, Object v) throws Exception {
    if (v == null) {
      ps.setNull(i, java.sql.Types.NULL);
      return;
    }
    Map<String, Object> m = obj(v);
    if (m.containsKey("int")) {
      ps.setLong(i, Long.parseLong(m.get("int").toString()));
    } else if (m.containsKey("real")) {
      Object d = m.get("real");
      double x;
      if (d instanceof String) {
        switch ((String) d) {
          case "NaN":
            x = Double.NaN;
            break;
          case "Infinity":
            x = Double.POSITIVE_INFINITY;
            break;
          case "-Infinity":
            x = Double.NEGATIVE_INFINITY;
            break;
          default:
            x = Double.parseDouble((String) d);
        }
      } else {
        x = ((Number) d).doubleValue();
      }
      ps.setDouble(i, x);
    } else if (m.containsKey("text")) {
      ps.setString(i, m.get("text").toString());
    } else if (m.containsKey("blob")) {
      ps.setBytes(i, Base64.getDecoder().decode(m.get("blob").toString()));
    } else {
      throw new ProtocolError("unknown value " + Json.write(v));
    }
  }

  static Object encodeValue(Object v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v == null) return null;
    if (v instanceof Long) {
      m.put("int", v.toString());
    } else if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isNaN(d)) m.put("real", "NaN");
      else if (Double.isInfinite(d)) m.put("real", d > 0 ? "Infinity" : "-Infinity");
      else if (d == 0 && 1 / d < 0) m.put("real", "-0.0");
      else m.put("real", new Json.Raw(Double.toString(d)));
    } else if (v instanceof String) {
      m.put("text", v);
    } else if (v instanceof byte[]) {
      m.put("blob", Base64.getEncoder().encodeToString((byte[]) v));
    } else {
      throw new IllegalStateException("getObject returned a " + v.getClass());
    }
    return m;
  }

  static void columns(ResultSetMetaData md, Map<String, Object> r) throws SQLException {
    List<Object> names = new ArrayList<>();
    List<Object> decl = new ArrayList<>();
    if (md != null) {
      EdgeliteResultSetMetaData e = md.unwrap(EdgeliteResultSetMetaData.class);
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnLabel(i));
        decl.add(e.getDeclaredType(i));
      }
    }
    r.put("columns", names);
    r.put("decltypes", decl);
  }

  static List<Object> rows(ResultSet rs) throws SQLException {
    List<Object> rows = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) row.add(encodeValue(rs.getObject(i)));
      rows.add(row);
    }
    return rows;
  }

  static Map<String, Object> query(PreparedStatement ps) throws SQLException {
    Map<String, Object> r = new LinkedHashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      columns(rs.getMetaData(), r);
      r.put("rows", rows(rs));
    }
    return r;
  }

  static Map<String, Object> onConnection(String name, Connection c, String op, Map<String, Object> req) throws Exception {
    EdgeliteConnection ec = c.isClosed() ? null : c.unwrap(EdgeliteConnection.class);
    Map<String, Object> r = new LinkedHashMap<>();
    Map<String, Savepoint> sps = savepoints.computeIfAbsent(name, k -> new HashMap<>());
    switch (op) {
      case "close":
        c.close();
        return r;
      case "execute":
        try (PreparedStatement ps = c.prepareStatement(str(req, "sql"))) {
          bind(ps, req.get("params"));
          long changes = ps.executeLargeUpdate();
          r.put("changes", changes);
          r.put("last_insert_rowid", encodeValue(c.unwrap(EdgeliteConnection.class).lastInsertRowid()));
        }
        return r;
      case "query":
        try (PreparedStatement ps = c.prepareStatement(str(req, "sql"))) {
          bind(ps, req.get("params"));
          return query(ps);
        }
      case "interrupt_query":
        try (PreparedStatement ps = c.prepareStatement(str(req, "sql"))) {
          bind(ps, req.get("params"));
          long after = ((Number) req.getOrDefault("after_ms", 100L)).longValue();
          Thread stopper =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(after);
                      ps.cancel();
                    } catch (Exception ignored) {
                      // the query ended first
                    }
                  });
          stopper.start();
          try {
            return query(ps);
          } finally {
            stopper.join();
          }
        }
      case "prepare":
        try (PreparedStatement ps = c.prepareStatement(str(req, "sql"))) {
          columns(ps.getMetaData(), r);
          EdgeliteParameterMetaData pmd = ps.getParameterMetaData().unwrap(EdgeliteParameterMetaData.class);
          r.put("param_count", (long) pmd.getParameterCount());
          List<Object> names = new ArrayList<>();
          for (int i = 1; i <= pmd.getParameterCount(); i++) names.add(pmd.getParameterName(i));
          r.put("param_names", names);
        }
        return r;
      case "execute_batch":
        c.unwrap(EdgeliteConnection.class).executeScript(str(req, "sql"));
        return r;
      case "batch":
        return batch(c, req);
      case "begin":
        c.unwrap(EdgeliteConnection.class).begin(req.getOrDefault("mode", "deferred").toString());
        return r;
      case "commit":
        c.commit();
        return r;
      case "rollback":
        c.rollback();
        return r;
      case "savepoint":
        {
          String sp = str(req, "name");
          sps.put(sp, c.setSavepoint(sp));
          return r;
        }
      case "release":
        {
          String sp = str(req, "name");
          Savepoint s = sps.remove(sp);
          if (s != null) c.releaseSavepoint(s);
          else c.unwrap(EdgeliteConnection.class).releaseSavepoint(sp);
          return r;
        }
      case "rollback_to":
        {
          String sp = str(req, "name");
          Savepoint s = sps.get(sp);
          if (s != null) c.rollback(s);
          else c.unwrap(EdgeliteConnection.class).rollbackToSavepoint(sp);
          return r;
        }
      case "autocommit":
        r.put("value", !c.unwrap(EdgeliteConnection.class).inTransaction());
        return r;
      case "last_insert_rowid":
        r.put("value", encodeValue(c.unwrap(EdgeliteConnection.class).lastInsertRowid()));
        return r;
      case "changes":
        r.put("value", c.unwrap(EdgeliteConnection.class).changes());
        return r;
      case "busy_timeout":
        c.unwrap(EdgeliteConnection.class).setBusyTimeout(((Number) req.getOrDefault("ms", 0L)).longValue());
        return r;
      default:
        throw new ProtocolError("unknown op " + op);
    }
  }

  /** An atomic batch: its own transaction, or a savepoint inside an open one. */
  static Map<String, Object> batch(Connection c, Map<String, Object> req) throws Exception {
    EdgeliteConnection ec = c.unwrap(EdgeliteConnection.class);
    Object list = req.get("stmts");
    if (!(list instanceof List)) throw new ProtocolError("batch needs \"stmts\"");
    boolean nested = ec.inTransaction();
    Savepoint sp = null;
    if (nested) sp = c.setSavepoint("edgelite_batch");
    else ec.begin(req.getOrDefault("mode", "deferred").toString());
    List<Object> results = new ArrayList<>();
    List<?> stmts = (List<?>) list;
    for (int i = 0; i < stmts.size(); i++) {
      Map<String, Object> s = obj(stmts.get(i));
      Map<String, Object> one = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(str(s, "sql"))) {
        bind(ps, s.get("params"));
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            columns(rs.getMetaData(), one);
            one.put("rows", rows(rs));
            one.put("changes", rs.unwrap(EdgeliteResultSet.class).getChanges());
          }
        } else {
          columns(null, one);
          one.put("rows", new ArrayList<>());
          one.put("changes", ps.getLargeUpdateCount());
        }
        one.put("last_insert_rowid", encodeValue(ec.lastInsertRowid()));
      } catch (SQLException e) {
        undo(c, ec, sp);
        throw new BatchError(e, i);
      }
      results.add(one);
    }
    try {
      if (sp != null) c.releaseSavepoint(sp);
      else c.commit();
    } catch (SQLException e) {
      undo(c, ec, sp);
      throw e;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("results", results);
    return r;
  }

  static void undo(Connection c, EdgeliteConnection ec, Savepoint sp) {
    try {
      if (sp != null) {
        c.rollback(sp);
        c.releaseSavepoint(sp);
      } else if (ec.inTransaction()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // SQLite may have rolled back already
    }
  }

  /** A small JSON reader and writer (the runner has no dependencies beyond the driver). */
  static final class Json {
    static final class Raw {
      final String text;

      Raw(String text) {
        this.text = text;
      }
    }

    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object parse() throws ProtocolError {
      Object v = value();
      ws();
      if (i != s.length()) throw new ProtocolError("trailing characters in JSON");
      return v;
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private Object value() throws ProtocolError {
      ws();
      if (i >= s.length()) throw new ProtocolError("unexpected end of JSON");
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(i) == ',') {
            i++;
            continue;
          }
          expect('}');
          return m;
        }
      }
      if (c == '[') {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(i) == ',') {
            i++;
            continue;
          }
          expect(']');
          return l;
        }
      }
      if (c == '"') return string();
      if (s.startsWith("true", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return false;
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      String num = s.substring(start, i);
      if (num.isEmpty()) throw new ProtocolError("bad JSON at " + start);
      if (num.contains(".") || num.contains("e") || num.contains("E")) return Double.parseDouble(num);
      return Long.parseLong(num);
    }

    private void expect(char c) throws ProtocolError {
      if (i >= s.length() || s.charAt(i) != c) throw new ProtocolError("expected " + c + " at " + i);
      i++;
    }

    private String string() throws ProtocolError {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n':
            b.append('\n');
            break;
          case 't':
            b.append('\t');
            break;
          case 'r':
            b.append('\r');
            break;
          case 'b':
            b.append('\b');
            break;
          case 'f':
            b.append('\f');
            break;
          case 'u':
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default:
            b.append(e);
        }
      }
    }

    static String write(Object v) {
      StringBuilder b = new StringBuilder();
      write(v, b);
      return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
      if (v == null) {
        b.append("null");
      } else if (v instanceof Raw) {
        b.append(((Raw) v).text);
      } else if (v instanceof String) {
        b.append('"');
        String s = (String) v;
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c == '"' || c == '\\') b.append('\\').append(c);
          else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
        b.append('"');
      } else if (v instanceof Map) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (!first) b.append(',');
          first = false;
          write(e.getKey().toString(), b);
          b.append(':');
          write(e.getValue(), b);
        }
        b.append('}');
      } else if (v instanceof List) {
        b.append('[');
        boolean first = true;
        for (Object o : (List<?>) v) {
          if (!first) b.append(',');
          first = false;
          write(o, b);
        }
        b.append(']');
      } else {
        b.append(v);
      }
    }
  }
}
