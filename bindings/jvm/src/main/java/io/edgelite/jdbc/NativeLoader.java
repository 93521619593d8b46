package io.edgelite.jdbc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and loads the native library, in this order:
 *
 * <ol>
 *   <li>the file named by the system property {@code edgelite.lib.path} (or the environment
 *       variable {@code EDGELITE_LIB_PATH});
 *   <li>{@code edgelite_jvm} on {@code java.library.path};
 *   <li>the copy inside the jar, {@code native/<os>-<arch>/<lib>}, extracted into {@code
 *       edgelite.tmpdir} (default {@code java.io.tmpdir}); point it at a directory that allows
 *       executables when the temp directory is mounted {@code noexec}.
 * </ol>
 *
 * If none works, the error lists every path tried and why each failed.
 */
final class NativeLoader {
  static final String LIBRARY = "edgelite_jvm";

  private NativeLoader() {}

  /** {@code linux-x86_64}, {@code macos-aarch64}, {@code windows-x86_64}, ... */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o =
        os.contains("win") ? "windows" : os.contains("mac") || os.contains("darwin") ? "macos" : os.contains("linux") ? "linux" : os.replaceAll("\\W", "");
    String a;
    switch (arch) {
      case "amd64":
      case "x86_64":
        a = "x86_64";
        break;
      case "aarch64":
      case "arm64":
        a = "aarch64";
        break;
      default:
        a = arch.replaceAll("\\W", "");
    }
    return o + "-" + a;
  }

  static synchronized void load() {
    List<String> tried = new ArrayList<>();
    String override = System.getProperty("edgelite.lib.path");
    if (override == null || override.isEmpty()) override = System.getenv("EDGELITE_LIB_PATH");
    if (override != null && !override.isEmpty()) {
      try {
        System.load(new File(override).getAbsolutePath());
        return;
      } catch (UnsatisfiedLinkError e) {
        tried.add("edgelite.lib.path=" + override + " (" + e.getMessage() + ")");
      }
    }
    try {
      System.loadLibrary(LIBRARY);
      return;
    } catch (UnsatisfiedLinkError e) {
      tried.add(
          "java.library.path=" + System.getProperty("java.library.path", "") + " (" + e.getMessage() + ")");
    }
    String file = System.mapLibraryName(LIBRARY);
    String resource = "native/" + platform() + "/" + file;
    try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        tried.add("classpath:" + resource + " (not in the jar: no build for this platform)");
      } else {
        String dir = System.getProperty("edgelite.tmpdir", System.getProperty("java.io.tmpdir"));
        Path target = null;
        try {
          Path base = Paths.get(dir);
          Files.createDirectories(base);
          target = Files.createTempFile(base, "edgelite-" + NativeBridgeVersion.VERSION + "-", "-" + file);
          target.toFile().deleteOnExit();
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          System.load(target.toAbsolutePath().toString());
          return;
        } catch (IOException | UnsatisfiedLinkError e) {
          tried.add("classpath:" + resource + " extracted to " + (target != null ? target : dir) + " (" + e + ")");
        }
      }
    } catch (IOException e) {
      tried.add("classpath:" + resource + " (" + e + ")");
    }
    throw new UnsatisfiedLinkError(
        "cannot load the edgelite native library for "
            + platform()
            + "; tried:\n  "
            + String.join("\n  ", tried)
            + "\nSet -Dedgelite.lib.path=/path/to/"
            + file
            + " or -Dedgelite.tmpdir to a directory that allows executables.");
  }
}
