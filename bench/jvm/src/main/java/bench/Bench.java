package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The workload, on a file database with the same pragmas for both drivers (WAL,
 * synchronous=NORMAL): insert 100k rows with a batched PreparedStatement in one transaction,
 * 100k point selects by primary key, and a full scan reading every column. Each driver runs
 * the workload {@code ROUNDS} times (the first is a warm-up), taking turns and alternating
 * which goes first; the median of the rest is reported, with the ratio edgelite / xerial (below 1
 * is faster).
 */
public final class Bench {
  static final int ROWS = Integer.getInteger("bench.rows", 100_000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 6);

  interface Phase {
    void run(Connection c) throws Exception;
  }

  static void insert(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
    }
    c.setAutoCommit(false);
    byte[] blob = new byte[32];
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(id, name, score, data) VALUES (?, ?, ?, ?)")) {
      for (int i = 1; i <= ROWS; i++) {
        ps.setLong(1, i);
        ps.setString(2, "name-" + i);
        ps.setDouble(3, i * 0.5);
        blob[0] = (byte) i;
        ps.setBytes(4, blob);
        ps.addBatch();
        if (i % 10_000 == 0) ps.executeBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  static void pointSelects(Connection c) throws Exception {
    Random r = new Random(42);
    long sum = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT name, score FROM t WHERE id = ?")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setLong(1, 1 + r.nextInt(ROWS));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw new IllegalStateException("missing row");
          sum += rs.getString(1).length() + (long) rs.getDouble(2);
        }
      }
    }
    if (sum == 0) throw new IllegalStateException();
  }

  static void scan(Connection c) throws Exception {
    long n = 0;
    long bytes = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, score, data FROM t")) {
      while (rs.next()) {
        n += rs.getLong(1);
        bytes += rs.getString(2).length() + rs.getBytes(4).length + (long) rs.getDouble(3);
      }
    }
    if (n != (long) ROWS * (ROWS + 1) / 2 || bytes == 0) throw new IllegalStateException("scan read " + n);
  }

  static double[] round(String url) throws Exception {
    // The other driver's garbage is collected now, not during this driver's timings.
    System.gc();
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
      }
      Phase[] phases = {Bench::insert, Bench::pointSelects, Bench::scan};
      double[] ms = new double[phases.length];
      for (int i = 0; i < phases.length; i++) {
        long start = System.nanoTime();
        phases[i].run(c);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      return ms;
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  public static void main(String[] args) throws Exception {
    Class.forName("org.sqlite.JDBC");
    Path dir = Files.createTempDirectory("edgelite-jdbc-bench");
    String[] names = {"edgelite", "xerial"};
    String[] phases = {"insert 100k (batched, 1 tx)", "100k point selects", "full scan 100k"};
    @SuppressWarnings("unchecked")
    List<Double>[][] times = new List[2][3];
    for (int d = 0; d < 2; d++) for (int p = 0; p < 3; p++) times[d][p] = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < 2; i++) {
        // Alternate drivers, and which goes first, so drift and warm caches favour neither.
        int d = (round + i) % 2;
        Path db = dir.resolve(names[d] + "-" + round + ".db");
        String url = (d == 0 ? "jdbc:edgelite:" : "jdbc:sqlite:") + db;
        double[] ms = round(url);
        if (round > 0) for (int p = 0; p < 3; p++) times[d][p].add(ms[p]);
      }
    }
    System.out.printf("%-30s %12s %12s %8s%n", "workload (" + ROWS + " rows)", "edgelite ms", "xerial ms", "ratio");
    for (int p = 0; p < 3; p++) {
      double e = median(times[0][p]);
      double x = median(times[1][p]);
      System.out.printf("%-30s %12.1f %12.1f %7.2fx%n", phases[p], e, x, e / x);
    }
    System.out.printf("(median of %d rounds after a warm-up; ratio = edgelite / xerial, below 1 is faster)%n", ROUNDS - 1);
  }
}
