package org.scda.experiment;

import java.util.List;

/**
 * A table of the report: rows are variants, columns the classes and mAP of one scenario.
 *
 * @param id       short id ({@code table2})
 * @param title    caption
 * @param scenario the scenario whose runs fill it
 * @param variants row order
 * @param paper    key of the paper's reported numbers to show beside ours (the report's
 *                 table of the paper's numbers), or null
 */
public record TableSpec(String id, String title, String scenario, List<String> variants, String paper) {

    public TableSpec {
        variants = List.copyOf(variants);
    }
}
