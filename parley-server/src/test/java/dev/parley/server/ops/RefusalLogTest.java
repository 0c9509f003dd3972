package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(42);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFloodLogsTheQuotaThenOneSummaryOfWhatWasDropped() {
        RefusalLog log = new RefusalLog(logger, "connect", 5, nanos::get);
        for (int i = 0; i < 1000; i++) {
            log.refused("refused {}", i);
        }
        assertThat(messages()).containsExactly("refused 0", "refused 1", "refused 2", "refused 3", "refused 4");

        nanos.addAndGet(1_000_000_000L);
        log.refused("refused {}", "later");

        assertThat(messages()).hasSize(7).endsWith(
                "suppressed 995 similar connect refusals (more than 5 a second)", "refused later");
    }

    @Test
    void aQuietSecondNeedsNoSummary() {
        RefusalLog log = new RefusalLog(logger, "connect", 5, nanos::get);
        log.refused("one");
        nanos.addAndGet(2_000_000_000L);
        log.refused("two");
        assertThat(messages()).containsExactly("one", "two");
    }
}
