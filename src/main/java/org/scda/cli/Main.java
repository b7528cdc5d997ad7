package org.scda.cli;

/** Entry point of the {@code scda} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        org.scda.engine.ThreadShare.startFromProperties(System.err);
        System.exit(ScdaCommand.run(args));
    }
}
