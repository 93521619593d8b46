package bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * in its own JVM (as JMH forks do) the workload {@code ROUNDS} times (the first is a warm-up),
 * the two taking turns and alternating which goes first; the median of the rest is reported,
 * with the ratio edgelite / xerial (below 1 is faster).
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
    // The last round's garbage is collected now, not during this round's timings.
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

  /** Deletes a database and its WAL files, so rounds do not fill the disk. */
  static void delete(Path db) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
    }
  }

  /**
   * One driver's JVM: for each database path read from stdin, runs a round on it and prints the
   * phases' milliseconds.
   */
  static void serve(String driver) throws Exception {
    Class.forName("org.sqlite.JDBC");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      Path db = Paths.get(line);
      double[] ms = round((driver.equals("edgelite") ? "jdbc:edgelite:" : "jdbc:sqlite:") + db);
      delete(db);
      System.out.println(ms[0] + " " + ms[1] + " " + ms[2]);
      System.out.flush();
    }
  }

  /**
   * Starts a JVM for each driver, so neither's code shares JIT profiles with the other's (the
   * phases' loops here would otherwise be recompiled at each change of driver), then has them take
   * turns.
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--driver")) {
      serve(args[1]);
      return;
    }
    Path dir = Files.createTempDirectory("edgelite-jdbc-bench");
    String[] names = {"edgelite", "xerial"};
    String[] phases = {"insert 100k (batched, 1 tx)", "100k point selects", "full scan 100k"};
    String java = ProcessHandle.current().info().command().orElse("java");
    Process[] drivers = new Process[2];
    BufferedReader[] replies = new BufferedReader[2];
    PrintStream[] requests = new PrintStream[2];
    for (int d = 0; d < 2; d++) {
      List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
      command.add("-Dbench.rows=" + ROWS);
      command.addAll(List.of("bench.Bench", "--driver", names[d]));
      drivers[d] = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      replies[d] = new BufferedReader(new InputStreamReader(drivers[d].getInputStream(), StandardCharsets.UTF_8));
      requests[d] = new PrintStream(drivers[d].getOutputStream(), true, "UTF-8");
    }
    @SuppressWarnings("unchecked")
    List<Double>[][] times = new List[2][3];
    for (int d = 0; d < 2; d++) for (int p = 0; p < 3; p++) times[d][p] = new ArrayList<>();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 2; i++) {
          // Alternate drivers, and which goes first, so drift and warm caches favour neither.
          int d = (round + i) % 2;
          requests[d].println(dir.resolve(names[d] + "-" + round + ".db"));
          String reply = replies[d].readLine();
          if (reply == null) throw new IllegalStateException(names[d] + "'s JVM ended early");
          String[] ms = reply.trim().split(" ");
          if (round > 0) for (int p = 0; p < 3; p++) times[d][p].add(Double.parseDouble(ms[p]));
        }
      }
    } finally {
      for (int d = 0; d < 2; d++) {
        requests[d].close();
        drivers[d].waitFor();
      }
      Files.deleteIfExists(dir);
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
