package io.edgelite.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native library's loading, each in a fresh JVM: override, jar extraction, and the error. */
class LoaderTest {
  @TempDir Path dir;

  static final String PROBE =
      "public class Probe { public static void main(String[] a) throws Exception {"
          + " try (java.sql.Connection c = java.sql.DriverManager.getConnection(\"jdbc:edgelite::memory:\")) {"
          + " java.sql.ResultSet rs = c.createStatement().executeQuery(\"SELECT 6 * 7\"); rs.next(); System.out.println(\"answer \" + rs.getInt(1)); } } }";

  /** Runs Probe on {@code classpath} with {@code props}; returns {exit code, output}. */
  Object[] run(String classpath, String... props) throws Exception {
    Path probe = dir.resolve("Probe.java");
    Files.write(probe, PROBE.getBytes(StandardCharsets.UTF_8));
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(props));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(probe.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Object[] {p.exitValue(), out};
  }

  static Path classes() {
    return Paths.get("target", "classes").toAbsolutePath();
  }

  @Test
  void platformNames() {
    String p = NativeLoader.platform();
    assertTrue(p.matches("(linux|macos|windows|\\w+)-(x86_64|aarch64|\\w+)"), p);
    assertTrue(Files.exists(classes().resolve("native").resolve(p).resolve(System.mapLibraryName("edgelite_jvm"))), "the build puts the library under native/<os>-<arch>/");
  }

  @Test
  void extractsFromTheClasspathIntoTheConfiguredDirectory() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("extract"));
    Object[] r = run(classes().toString(), "-Dedgelite.tmpdir=" + tmp);
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("answer 42"));
  }

  @Test
  void systemPropertyOverrideWins() throws Exception {
    Path copy = dir.resolve("copy");
    copyTree(classes(), copy, true);
    Path lib = classes().resolve("native").resolve(NativeLoader.platform()).resolve(System.mapLibraryName("edgelite_jvm"));
    Object[] r = run(copy.toString(), "-Dedgelite.lib.path=" + lib);
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("answer 42"));
  }

  @Test
  void failureListsEveryPathTried() throws Exception {
    Path copy = dir.resolve("nolib");
    copyTree(classes(), copy, true);
    Object[] r = run(copy.toString(), "-Dedgelite.lib.path=" + dir.resolve("missing.so"), "-Djava.library.path=" + dir.resolve("empty"));
    String out = (String) r[1];
    assertNotEquals(0, r[0]);
    assertTrue(out.contains("cannot load the edgelite native library"), out);
    assertTrue(out.contains("edgelite.lib.path=" + dir.resolve("missing.so")), out);
    assertTrue(out.contains("java.library.path=" + dir.resolve("empty")), out);
    assertTrue(out.contains("classpath:native/" + NativeLoader.platform()), out);
  }

  /** Copies the compiled classes, without the native library when {@code withoutNative}. */
  static void copyTree(Path from, Path to, boolean withoutNative) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = from.relativize(p);
        if (withoutNative && rel.toString().startsWith("native")) continue;
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    assertFalse(new File(to.toFile(), "native").exists() && withoutNative);
  }
}
