-- Leadership of singleton work (watchers, timers wrapped in master: endpoints), one row per cluster namespace:
-- cluster.DbClusterService. Times are the database's clock in epoch milliseconds, so instances' clocks never matter.
CREATE TABLE singleton_lease (
    namespace VARCHAR(100) NOT NULL PRIMARY KEY,
    owner VARCHAR(200) NOT NULL,
    expires_at BIGINT NOT NULL,
    renewed_at BIGINT NOT NULL
);
