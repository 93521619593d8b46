package io.edgelite.jdbc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code edgelite serve} on a free port, stopped by {@link #close()}. */
final class TestServer implements AutoCloseable {
  final Process process;
  final String url; // http://127.0.0.1:PORT
  final Path dir;

  private TestServer(Process process, String url, Path dir) {
    this.process = process;
    this.url = url;
    this.dir = dir;
  }

  static String binary() {
    String bin = System.getProperty("edgelite.bin");
    if (bin == null || !new File(bin).canExecute()) {
      throw new IllegalStateException("set -Dedgelite.bin to the edgelite binary (cargo build -p edgelite-cli); got " + bin);
    }
    return bin;
  }

  static TestServer start(String... extra) throws IOException {
    Path dir = Files.createTempDirectory("edgelite-jvm-server");
    List<String> cmd = new ArrayList<>(Arrays.asList(binary(), "serve", "--listen", "127.0.0.1:0", "--db-path", dir.resolve("db").toString()));
    cmd.addAll(Arrays.asList(extra));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.contains("listening on ")) {
      p.destroyForcibly();
      throw new IOException("edgelite serve did not start: " + line);
    }
    String url = line.substring(line.indexOf("listening on ") + "listening on ".length()).trim();
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe from filling
                }
              } catch (IOException ignored) {
                // the server stopped
              }
            });
    drain.setDaemon(true);
    drain.start();
    return new TestServer(p, url, dir);
  }

  String wsUrl() {
    return url.replaceFirst("^http", "ws");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
