/*
 * A private Neo4j for Feedscope, the way engine/redis/RedisServer.ts runs a private redis-server:
 * loopback only, a free port, a generated password, everything in one directory that is deleted
 * when the server stops. It is its own guardian: it stops when its stdin closes, which happens
 * however its parent ends (exit, crash, SIGKILL), and on SIGTERM/SIGINT (shutdown hook), so it
 * leaves neither a process nor a data directory behind. tools/neo4j/neo4j.mjs builds and starts it.
 *
 * Why the test harness (org.neo4j.test:neo4j-harness) and not a Neo4j distribution: it is the
 * whole Community server as a Maven artifact (Maven Central is reachable where a Neo4j download
 * or Docker is not), with the Bolt connector, in one JVM we control. HTTP stays off: Feedscope
 * speaks Bolt only.
 *
 * Protocol on stdout: exactly one line `{"bolt":..., "user":..., "password":..., "version":...,
 * "dir":..., "pid":...}` once a Bolt handshake on the port has been answered; anything Neo4j itself logs goes
 * to files under the directory. Failures go to stderr with exit code 1.
 *
 * Arguments: --dir DIR (an empty directory the caller made; default a new temp directory; deleted
 * at exit either way), --port N (default 0: a free port), --no-auth, --pagecache-mb N (default 128).
 */
package feedscope.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.kernel.internal.Version;

public final class Neo4jLauncher {
    private static final String HOST = "127.0.0.1";
    private static final String USER = "neo4j";
    /** Neo4j 5 requires 8 characters at least (dbms.security.auth_minimum_password_length). */
    private static final int PASSWORD_BYTES = 16;
    private static final int HANDSHAKE_TIMEOUT_MS = 5_000;

    private static final AtomicReference<Neo4j> server = new AtomicReference<>();

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int port = 0;
        boolean auth = true;
        long pagecacheMb = 128;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--no-auth" -> auth = false;
                case "--pagecache-mb" -> pagecacheMb = Long.parseLong(args[++i]);
                default -> fail("unknown argument " + args[i] + " (expected --dir DIR, --port N, --no-auth, --pagecache-mb N)");
            }
        }
        if (dir == null) dir = Files.createTempDirectory("feedscope-neo4j-");
        final Path home = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(home), "feedscope-neo4j-stop"));
        watchStdin();

        Neo4j neo4j;
        try {
            neo4j = Neo4jBuilders.newInProcessBuilder(home)
                    .withDisabledServer()
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .withConfig(GraphDatabaseSettings.auth_enabled, auth)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, pagecacheMb << 20)
                    // Netty's graceful shutdown waits a quiet period per event loop group (~10 s in
                    // all): nothing is worth waiting for in a server whose data is deleted next.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                    .build();
        } catch (RuntimeException e) {
            fail("Neo4j did not start in " + home + ": " + e);
            return;
        }
        server.set(neo4j);
        String password = "";
        if (auth) {
            password = HexFormat.of().formatHex(randomBytes(PASSWORD_BYTES));
            // The embedded API runs with full rights, so the initial user gets its password without
            // the "neo4j"/change-required dance a fresh server asks of Bolt clients.
            neo4j.databaseManagementService().database("system")
                    .executeTransactionally("ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        }
        int boltPort = neo4j.boltURI().getPort();
        handshake(boltPort);
        System.out.println("{\"bolt\":" + json("bolt://" + HOST + ":" + boltPort) + ",\"user\":" + json(USER)
                + ",\"password\":" + json(password) + ",\"version\":" + json(Version.getNeo4jVersion())
                + ",\"dir\":" + json(home.toString()) + ",\"pid\":" + ProcessHandle.current().pid() + "}");
        System.out.flush();
    }

    /** Ends the JVM (and so, through the shutdown hook, the server) when stdin reaches its end. */
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                InputStream in = System.in;
                while (in.read(buf) >= 0) {
                    // Input is ignored: only its end matters.
                }
            } catch (IOException e) {
                // A broken pipe is an end too.
            }
            System.exit(0);
        }, "feedscope-neo4j-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** Shutdown hook: stop Neo4j if it runs, then delete its directory (also after a failed start). */
    private static void stop(Path home) {
        Neo4j neo4j = server.getAndSet(null);
        if (neo4j != null) {
            try {
                neo4j.close();
            } catch (RuntimeException e) {
                System.err.println("feedscope-neo4j: stopping Neo4j: " + e);
            }
        }
        // A start still running in the main thread may add files while we delete: try again.
        for (int attempt = 0; attempt < 3 && Files.exists(home); attempt++) {
            try {
                deleteTree(home);
            } catch (IOException e) {
                if (attempt == 2) System.err.println("feedscope-neo4j: could not delete " + home + ": " + e);
            }
        }
    }

    /** Bolt's opening handshake (magic 0x6060B017, then four version proposals): proof that Bolt answers. */
    private static void handshake(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), HANDSHAKE_TIMEOUT_MS);
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            // 5.8 down to 5.0 (range 8), then 4.4.
            out.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0});
            out.flush();
            byte[] reply = s.getInputStream().readNBytes(4);
            if (reply.length != 4 || (reply[2] == 0 && reply[3] == 0)) fail("Neo4j's Bolt port " + port + " refused the handshake");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static void fail(String message) {
        System.err.println("feedscope-neo4j: " + message);
        System.exit(1);
    }
}
