package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The sandbox keeps the newest resources only, so a long run cannot fill the heap of the service it lives in. */
class SandboxRetentionTest {

    @Test
    void keepsTheNewestAndForgetsTheOldest() {
        TwilioSandbox.Table<String> table = new TwilioSandbox.Table<>();
        int extra = 5;
        for (int i = 0; i < TwilioSandbox.Table.RETAINED + extra; i++) {
            table.put("SM" + i, i, "message " + i);
        }
        assertEquals(TwilioSandbox.Table.RETAINED, table.oldestFirst().count());
        for (int i = 0; i < extra; i++) {
            assertNull(table.get("SM" + i), "oldest message " + i + " dropped");
        }
        assertNotNull(table.get("SM" + extra));
        assertEquals("message " + extra, table.oldestFirst().findFirst().orElseThrow());
        assertEquals("message " + (TwilioSandbox.Table.RETAINED + extra - 1), table.newestFirst().findFirst().orElseThrow());
    }

    @Test
    void aReplacedOrRemovedResourceIsNotCountedTwice() {
        TwilioSandbox.Table<String> table = new TwilioSandbox.Table<>();
        table.put("SM1", 1, "first");
        table.put("SM1", 2, "again");
        table.put("SM2", 3, "second");
        table.remove("SM2");
        assertEquals(1, table.oldestFirst().count());
        assertEquals("again", table.get("SM1"));
        for (int i = 0; i < TwilioSandbox.Table.RETAINED - 1; i++) {
            table.put("SM-more" + i, 10 + i, "more");
        }
        assertNotNull(table.get("SM1"), "still within the limit");
        table.put("SM-last", 1_000_000, "last");
        assertNull(table.get("SM1"), "now the oldest beyond the limit");
        assertEquals(TwilioSandbox.Table.RETAINED, table.oldestFirst().count());
    }
}
