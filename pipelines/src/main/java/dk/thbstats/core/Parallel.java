package dk.thbstats.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs small, independent driver-side tasks (one Spark job or Iceberg commit each: a table's
 * publish, a trend table's aggregate) from a few threads at once. Spark schedules jobs from
 * several threads concurrently; for many small tables the latency of each job, not the cluster,
 * is what the night waits for.
 */
public final class Parallel {
  /** Threads used for per-table work. */
  public static final int THREADS = 4;

  private Parallel() {}

  /**
   * Every piece of named work done, a few at a time: the results by the same keys, in the work's
   * order. The first failure is rethrown as it was; no piece of work may return null.
   */
  public static <K, V> java.util.LinkedHashMap<K, V> run(java.util.LinkedHashMap<K, java.util.function.Supplier<V>> work) {
    java.util.LinkedHashMap<K, V> out = new java.util.LinkedHashMap<>();
    map(new ArrayList<>(work.entrySet()), e -> java.util.Map.entry(e.getKey(), e.getValue().get()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** {@code f} applied to every item, results in the items' order; the first failure is rethrown as it was. */
  public static <T, R> List<R> map(List<T> items, Function<T, R> f) {
    if (items.size() <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), r -> {
      Thread t = new Thread(r, "thb-table");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> f.apply(item)));
      }
      List<R> out = new ArrayList<>();
      for (Future<R> fu : futures) {
        out.add(fu.get());
      }
      return out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new PipelineException(ErrorCode.INTERNAL, "a parallel task failed: " + cause.getClass().getName(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(ErrorCode.INTERNAL, "interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
