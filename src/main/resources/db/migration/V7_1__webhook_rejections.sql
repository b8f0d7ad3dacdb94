-- Rejected (unsigned or forged) webhooks, counted per source address and minute: one row each, however many came.
-- An audit row per request let 20,000 forged POSTs write 51 MB.
CREATE TABLE webhook_rejections (
    source_addr   VARCHAR(64) NOT NULL,
    minute_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    rejected      BIGINT NOT NULL,
    reason        VARCHAR(100),
    PRIMARY KEY (source_addr, minute_start)
);
