package org.scda.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.scda.config.ConfigDiff;
import org.scda.util.ScdaException;

/**
 * What a resumed run may do about settings that differ from those it was trained with: by
 * default nothing (it is refused with every difference named, so that its record stays true);
 * with {@code --resume-with-changes} it continues with the new settings and records each change
 * with the iteration it took effect at. The record travels in every later checkpoint
 * ({@link RunRecord#settingsChanges()}) and is written to {@code config.yaml} (as comments above
 * the settings now in force) and {@code summary.json}.
 */
public final class ResumeSettings {
    /** The run directory's config file. */
    public static final String CONFIG_FILE = "config.yaml";

    private ResumeSettings() {
    }

    /**
     * The run's settings changes after resuming at {@code iteration}.
     *
     * @param runDir       the run directory, for messages
     * @param trainedWith  the settings of the checkpoint resumed from (a config tree)
     * @param resumedWith  the settings the run is resumed with
     * @param history      the changes the checkpoint recorded
     * @param allowChanges whether changed settings are taken (and recorded) or refused
     * @return {@code history} followed by this resumption's changes
     * @throws ScdaException naming each difference when the settings differ and changes are not allowed
     */
    public static List<SettingsChange> reconcile(Path runDir, JsonNode trainedWith, JsonNode resumedWith,
                                                 int iteration, List<SettingsChange> history, boolean allowChanges) {
        List<ConfigDiff.Difference> differences = ConfigDiff.between(trainedWith, resumedWith);
        if (differences.isEmpty()) {
            return history;
        }
        if (!allowChanges) {
            throw new ScdaException(runDir + " was trained with other settings than these: "
                    + differences.stream().map(ConfigDiff.Difference::describe).collect(Collectors.joining(", "))
                    + "; resume it with its own settings (its " + CONFIG_FILE + "), or pass --resume-with-changes"
                    + " to continue with these and record the change");
        }
        List<SettingsChange> all = new ArrayList<>(history);
        for (ConfigDiff.Difference d : differences) {
            all.add(new SettingsChange(iteration, d.setting(), d.before(), d.after()));
        }
        return all;
    }

    /**
     * Writes {@code config.yaml}: the settings in force ({@code yaml}), below a comment listing
     * the changes made on resume, so that the file still loads as a config.
     */
    public static void writeConfigFile(Path runDir, String yaml, List<SettingsChange> changes) throws IOException {
        StringBuilder text = new StringBuilder();
        if (!changes.isEmpty()) {
            text.append("# Settings changed on resume (--resume-with-changes); the values below are those in force\n")
                    .append("# since the last change. Each change and the iteration it took effect at:\n");
            for (SettingsChange c : changes) {
                text.append("#   ").append(c.describe().replace('\n', ' ')).append('\n');
            }
        }
        text.append(yaml);
        Files.writeString(runDir.resolve(CONFIG_FILE), text.toString());
    }
}
