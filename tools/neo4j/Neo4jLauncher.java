// Embedded Neo4j Community with the Bolt connector on 127.0.0.1 -- a real Neo4j server for tests
// and local development, without Docker. Started by scripts/neo4j-local (see docs/neo4j-local.md).
//
// Usage: java <jvm flags> -cp <classes>:<neo4j classpath> Neo4jLauncher <home dir> <port>
// Prints "NEO4J_READY bolt://127.0.0.1:<port>" once the default database answers RETURN 1;
// SIGTERM/SIGINT shut the DBMS down cleanly through a shutdown hook.

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "neo4j-home").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7687;
        long t0 = System.nanoTime();

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    // Bolt is off by default in embedded mode (only the packaged server turns it on).
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    // neo4j:// routing tables are built from this, so keep it equal to the listen address.
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    // Plain bolt:// for local use; the driver must not ask for TLS.
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(BoltConnector.thread_pool_max_size, 50)
                    // Internal (unsupported) knobs: Bolt shutdown otherwise waits ~5 s per phase (stop took
                    // ~12 s). With 1 s, debug.log gets two harmless "Termination of ... event loop group
                    // has exceeded maximum permitted duration" WARNs; stores are already closed by then.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    // Local only: no users/passwords (driver uses auth=None).
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // No network reporter.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Default page cache is ~50% of RAM minus heap; tests need very little.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                    // Default preallocates 256 MiB tx logs per database (system + neo4j); keep disk small.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    // A hung test transaction is killed instead of blocking the next test forever.
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120))
                    // Defence in depth for the app's read-only console (its guard refuses LOAD CSV first):
                    // no file:/// URLs at all, and their root is a directory that does not exist, so a
                    // query that slips past the guard still cannot read the server's files.
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("no-import"))
                    // No procedure may bypass security checks (the default; stated so it stays so).
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of())
                    .build();
        } catch (Throwable t) {
            System.err.println("NEO4J_FAILED " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        // SIGTERM/SIGINT run this hook; the store is then closed cleanly (SIGKILL would need recovery).
        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J_STOPPING");
            System.out.flush();
            service.shutdown();
            System.out.println("NEO4J_STOPPED");
            System.out.flush();
        }, "neo4j-shutdown"));

        try {
            // Fail fast if the default database did not come up; READY means queries work.
            service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            System.err.println("NEO4J_FAILED default database not available: " + t);
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port + " (" + ms + " ms)");
        System.out.flush();
        new CountDownLatch(1).await(); // park the main thread; the JVM lives until a signal
    }
}
