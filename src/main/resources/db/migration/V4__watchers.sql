-- SIDs the Twilio watchers have already published, one set per watcher (camel-sql JdbcMessageIdRepository's table,
-- created here so it exists the same way on H2 and PostgreSQL)
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId VARCHAR(100) NOT NULL,
    createdAt TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);
