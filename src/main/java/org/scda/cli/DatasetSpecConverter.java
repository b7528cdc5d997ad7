package org.scda.cli;

import org.scda.data.DatasetSpec;
import org.scda.data.Datasets;
import picocli.CommandLine;

/**
 * Turns a {@code FORMAT:PATH[?k=v]} argument into a checked {@link DatasetSpec}, so that a bad
 * spec is a usage error (exit 2) found before any file is read.
 */
public final class DatasetSpecConverter implements CommandLine.ITypeConverter<DatasetSpec> {

    @Override
    public DatasetSpec convert(String value) {
        try {
            DatasetSpec spec = DatasetSpec.parse(value);
            Datasets.check(spec);
            return spec;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
