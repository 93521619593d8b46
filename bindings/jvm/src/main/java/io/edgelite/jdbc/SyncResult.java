package io.edgelite.jdbc;

/** What {@link EdgeliteConnection#sync()} did: where the replica is now and what it applied. */
public final class SyncResult {
  private final long generation;
  private final long frame;
  private final long framesApplied;
  private final long transactionsApplied;
  private final boolean bootstrapped;

  SyncResult(long[] r) {
    generation = r[0];
    frame = r[1];
    framesApplied = r[2];
    transactionsApplied = r[3];
    bootstrapped = r[4] != 0;
  }

  /** The primary's generation the replica is in. */
  public long getGeneration() {
    return generation;
  }

  /** The last frame of that generation the replica has applied. */
  public long getFrame() {
    return frame;
  }

  /** Frames this call applied. */
  public long getFramesApplied() {
    return framesApplied;
  }

  /** Primary transactions this call applied. */
  public long getTransactionsApplied() {
    return transactionsApplied;
  }

  /** Whether this call (re)built the replica from the primary's snapshot. */
  public boolean isBootstrapped() {
    return bootstrapped;
  }

  @Override
  public String toString() {
    return "SyncResult{generation=" + generation + ", frame=" + frame + ", framesApplied=" + framesApplied
        + ", transactionsApplied=" + transactionsApplied + ", bootstrapped=" + bootstrapped + "}";
  }
}
