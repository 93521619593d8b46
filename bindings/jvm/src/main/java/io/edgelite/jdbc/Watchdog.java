package io.edgelite.jdbc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Interrupts a connection's running statement when a query or network timeout expires. */
final class Watchdog implements AutoCloseable {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "edgelite-timeout");
            t.setDaemon(true);
            return t;
          });

  private static final Watchdog NONE = new Watchdog(null);

  private final ScheduledFuture<?> task;

  private Watchdog(ScheduledFuture<?> task) {
    this.task = task;
  }

  /** Starts a watchdog for {@code ms} milliseconds (none when {@code ms <= 0}). */
  static Watchdog start(long conn, long ms) {
    if (ms <= 0) return NONE;
    return new Watchdog(
        TIMER.schedule(
            () -> {
              try {
                NativeBridge.interrupt(conn);
              } catch (Exception ignored) {
                // a closed connection has nothing left to interrupt
              }
            },
            ms,
            TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    if (task != null) task.cancel(false);
  }
}
