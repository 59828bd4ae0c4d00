package io.tandem.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.Logger;

/** Keeps the embedded servers' INFO chatter out of test and platform logs: their warnings still show. */
final class Logging {

    /** JUL holds loggers weakly; a level set on a collected logger would be lost. */
    private static final List<Logger> PINNED = new ArrayList<>();

    static synchronized void quietServers() {
        if (!PINNED.isEmpty()) {
            return;
        }
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky", "org.testcontainers",
                "org.apache.zookeeper", "org.apache.kafka.clients", "org.apache.kafka.common.utils.AppInfoParser")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            PINNED.add(logger);
        }
    }

    private Logging() {
    }
}
