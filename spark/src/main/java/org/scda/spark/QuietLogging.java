package org.scda.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Spark logs every stage at INFO; a detection job's user wants its own summary. When nothing
 * configured log4j (no {@code log4j2.properties} from a Spark {@code conf/} folder or the class
 * path), this installs warnings and errors only, on stderr, before the session starts, so that
 * Spark keeps it instead of its INFO defaults. A cluster's own logging configuration is left alone.
 */
final class QuietLogging {
    private QuietLogging() {
    }

    /** Installs the quiet configuration unless log4j is configured already; true when it did. */
    static boolean install() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (!(context.getConfiguration() instanceof DefaultConfiguration)) {
            return false;
        }
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.add(b.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n")));
        b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
        // "Unable to load native-hadoop library": the Java code paths are used, which is fine here
        b.add(b.newLogger("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR));
        // DJL probes for CUDA on a CPU-only machine and says so at WARN on every start
        b.add(b.newLogger("ai.djl.util.cuda", Level.ERROR));
        Configurator.reconfigure(b.build());
        return true;
    }
}
