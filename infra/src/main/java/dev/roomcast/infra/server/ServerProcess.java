package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server started as a child process, its output in a log file. Stopping sends SIGTERM
 * and, after a grace period, SIGKILL; a JVM shutdown hook stops it when the starter
 * exits.
 */
public final class ServerProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private final Thread shutdownHook;

	private volatile Duration stopGrace = Duration.ofSeconds(20);

	private ServerProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.shutdownHook = new Thread(this::stopNow, "stop-" + name);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a process.
	 * @param name what it is, for messages
	 * @param command the command line
	 * @param workDir its working directory
	 * @param log where its output goes (appended)
	 * @return the running process
	 */
	public static ServerProcess start(String name, List<String> command, Path workDir, Path log) {
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ServerProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	/**
	 * Waits until the server is ready, failing fast if the process dies.
	 * @param ready the readiness check
	 * @param timeout how long to wait
	 * @return this process, ready
	 */
	public ServerProcess awaitReady(BooleanSupplier ready, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ready.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with code " + this.process.exitValue()
						+ " before it was ready; see " + this.log + "\n" + tail());
			}
			if (System.nanoTime() > deadline) {
				stopNow();
				throw new IllegalStateException(
						this.name + " was not ready within " + timeout + "; see " + this.log + "\n" + tail());
			}
			pause();
		}
		return this;
	}

	/**
	 * Waits for a short-lived process to exit with code 0.
	 * @param timeout how long to wait
	 */
	public void awaitExit(Duration timeout) {
		if (!waitFor(timeout)) {
			throw new IllegalStateException(this.name + " did not finish within " + timeout + "; see " + this.log);
		}
		if (this.process.exitValue() != 0) {
			throw new IllegalStateException(
					this.name + " failed with code " + this.process.exitValue() + "; see " + this.log + "\n" + tail());
		}
	}

	/**
	 * The process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Whether the process runs.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * How long a stop waits after SIGTERM before it kills the process (20 s unless set),
	 * for a process that has work to finish at exit.
	 * @param grace the wait
	 * @return this process
	 */
	public ServerProcess stopGrace(Duration grace) {
		this.stopGrace = grace;
		return this;
	}

	/**
	 * Leaves the stop to whoever holds this process: it no longer stops by itself when
	 * this JVM exits, so that an owner can stop its processes in order at exit (the run
	 * command stops the services before the servers they use).
	 * @return this process
	 */
	public ServerProcess stoppedByCaller() {
		removeShutdownHook();
		return this;
	}

	/**
	 * The CPU time the process used so far, where the platform reports it: unlike the
	 * wall-clock time, it hardly depends on what else the machine runs.
	 * @return the CPU time, or empty
	 */
	public Optional<Duration> cpuTime() {
		return this.process.info().totalCpuDuration();
	}

	/**
	 * How the process ended.
	 * @return its exit code, or empty while it runs
	 */
	public OptionalInt exitCode() {
		return this.process.isAlive() ? OptionalInt.empty() : OptionalInt.of(this.process.exitValue());
	}

	/**
	 * Kills the process at once, as a crash would (SIGKILL), and waits for it to be gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		waitFor(Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		stopNow();
		removeShutdownHook();
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down; the hook runs anyway
		}
	}

	private void stopNow() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!waitFor(this.stopGrace)) {
			this.process.destroyForcibly();
			waitFor(Duration.ofSeconds(10));
		}
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a server", ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ")";
	}

}
