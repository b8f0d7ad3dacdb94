package stats;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;

/** The sink on an in-memory H2 database migrated by Flyway. */
class StatsSinkH2Test extends StatsSinkScenario {

    private HikariDataSource dataSource;

    @Override
    protected DataSource createDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:stats-" + UUID.randomUUID() + "");
        config.setUsername("sa");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        dataSource = new HikariDataSource(config);
        return dataSource;
    }

    @Override
    protected void dropDatabase() {
        dataSource.close(); // the pool holds the in-memory database open; closing it drops the database
    }
}
