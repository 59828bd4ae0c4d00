package io.tandem.system.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy a JVM's JIT compiler is, from {@code /proc}: the benchmarks measure sustained throughput, so each warms up
 * until the compiler threads of the processes on the measured path have settled. A service still compiling spends a
 * tenth or more of its CPU on it, and a run measured then measures the JIT.
 */
final class JitCompiler {

    /** Settled: the compiler threads used less than this share of their process's CPU... */
    static final double SETTLED_SHARE = 0.10;
    /** ...in this many warm-up rounds in a row. */
    static final int SETTLED_ROUNDS = 2;

    private JitCompiler() {
    }

    /** CPU ticks (user+system) of a JVM's compiler threads and of all its threads at one moment. */
    record Ticks(long compiler, long all) {

        /** The share of the process's CPU ticks since {@code before} that went to its compiler threads. */
        double shareSince(Ticks before) {
            long process = all - before.all;
            return process <= 0 ? 0 : (double) (compiler - before.compiler) / process;
        }
    }

    /**
     * The ticks of the JVM {@code pid}'s compiler threads ({@code C1/C2 CompilerThread}) and of all its threads, from
     * {@code /proc/<pid>/task/<tid>/stat}; zeros where there is no {@code /proc} (not Linux), so that the share is 0
     * and a warm-up ends after its minimum number of rounds.
     */
    static Ticks ticks(long pid) {
        long compiler = 0;
        long all = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime and stime: fields 14 and 15 of stat, 12th and 13th after the name.
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    all += ticks;
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        compiler += ticks;
                    }
                } catch (IOException | RuntimeException e) {
                    // A thread that ended between listing and reading: its ticks no longer count anywhere.
                }
            }
        } catch (IOException e) {
            return new Ticks(0, 0);
        }
        return new Ticks(compiler, all);
    }
}
