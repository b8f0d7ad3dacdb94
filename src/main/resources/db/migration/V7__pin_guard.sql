-- PIN lockout state, one row per user who keyed a wrong PIN: the failures of the current 15-minute window and the
-- lock. Read with SELECT ... FOR UPDATE, so checking the lock and counting a failure is one step for every thread
-- and every instance (counting rows of pin_failures let a burst of 60 concurrent replies try 7 to 14 PINs).
CREATE TABLE pin_guard (
    user_id       BIGINT PRIMARY KEY,
    failures      INT NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE,
    locked_until  TIMESTAMP WITH TIME ZONE
);
