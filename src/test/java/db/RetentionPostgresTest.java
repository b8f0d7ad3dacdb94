package db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import support.ExternalService;

/** The same retention cases on the local PostgreSQL, in a fresh schema per test (left for the database's owner). */
@ExternalService(ExternalService.Service.POSTGRESQL)
class RetentionPostgresTest extends RetentionTest {

    @Override
    DataSource dataSource() throws Exception {
        String schema = "retention_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        ds.setUser("postgres");
        return ds;
    }
}
