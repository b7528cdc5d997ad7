package org.scda.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import org.scda.util.ScdaException;

/** A method experiment files may name but this build cannot train: every run fails saying so. */
public final class UnavailableRunner implements MethodRunner {
    private final String method;
    private final String why;

    /**
     * @param method the method name
     * @param why    what is missing, for the error message
     */
    public UnavailableRunner(String method, String why) {
        this.method = method;
        this.why = why;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public boolean supportsResume() {
        return false;
    }

    @Override
    public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) {
        throw new ScdaException("method '" + method + "' is not available in this build: " + why);
    }
}
