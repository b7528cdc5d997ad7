package org.scda.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet form of the detections: one row per detection with {@link #SCHEMA}'s columns
 * image_id, image (the file as read), class (its name), category_id (class id + 1, as in the
 * results file), score, x1, y1, x2, y2 (0-based continuous pixels of the image as stored).
 */
final class ResultRows implements FlatMapFunction<ImageResult, Row> {
    private static final long serialVersionUID = 1L;

    /** The columns of {@code detections.parquet}. */
    static final StructType SCHEMA = new StructType()
            .add("image_id", DataTypes.LongType, false)
            .add("image", DataTypes.StringType, false)
            .add("class", DataTypes.StringType, false)
            .add("category_id", DataTypes.IntegerType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("x1", DataTypes.DoubleType, false)
            .add("y1", DataTypes.DoubleType, false)
            .add("x2", DataTypes.DoubleType, false)
            .add("y2", DataTypes.DoubleType, false);

    private final List<String> classNames;

    /** @param classNames the model's class names, which detections' class ids index */
    ResultRows(List<String> classNames) {
        this.classNames = new ArrayList<>(classNames);
    }

    @Override
    public Iterator<Row> call(ImageResult r) {
        List<Row> rows = new ArrayList<>(r.size());
        for (int k = 0; k < r.size(); k++) {
            int c = r.classIds()[k];
            double[] b = r.boxes();
            rows.add(RowFactory.create(r.id(), r.path(), classNames.get(c), c + 1, r.scores()[k],
                    b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3]));
        }
        return rows.iterator();
    }
}
