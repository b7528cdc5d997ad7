package org.scda.adapt.teacher;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.scda.model.FasterRcnn;
import org.scda.ops.InPlace;
import org.scda.ops.Scalars;

/**
 * The teacher: a detector of the student's architecture whose trained parameters follow the
 * student's as an exponential moving average, {@code teacher = keep * teacher + (1 - keep) *
 * student}. Its BatchNorm running statistics are not averaged from the student's (those mix
 * source and target images); the method keeps them as target statistics. The teacher's
 * parameters record no gradient.
 */
public final class EmaTeacher {
    private final FasterRcnn model;
    private final NDManager manager;
    private ParameterStore store;

    /**
     * @param model   an initialised detector of the student's architecture (its parameters stop
     *                recording gradients)
     * @param manager the manager it was initialised in
     */
    public EmaTeacher(FasterRcnn model, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        withoutGradients();
    }

    /** Initialising attaches gradients to trainable parameters; a teacher's forwards must record none. */
    private void withoutGradients() {
        for (Parameter p : model.getParameters().values()) {
            if (p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(false);
            }
        }
    }

    /** The teacher's detector. */
    public FasterRcnn model() {
        return model;
    }

    /** The store its forwards use. */
    public ParameterStore store() {
        return store;
    }

    /** Every parameter (running statistics too) set to the student's. */
    public void copyFrom(FasterRcnn student) {
        PairList<String, Parameter> mine = model.getParameters();
        PairList<String, Parameter> theirs = matching(student);
        for (int i = 0; i < mine.size(); i++) {
            InPlace.copy(theirs.get(i).getValue().getArray(), mine.get(i).getValue().getArray());
        }
    }

    /**
     * One EMA step on the parameters the student trains (those that require a gradient):
     * {@code teacher = keep * teacher + (1 - keep) * student}. Call it outside a gradient collector.
     *
     * @param keep in [0, 1]
     */
    public void update(FasterRcnn student, float keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in [0, 1], got " + keep);
        }
        PairList<String, Parameter> mine = model.getParameters();
        PairList<String, Parameter> theirs = matching(student);
        for (int i = 0; i < mine.size(); i++) {
            Parameter s = theirs.get(i).getValue();
            if (!s.requiresGradient()) {
                continue;
            }
            try (NDArray scaled = Scalars.mul(s.getArray(), 1 - keep)) {
                mine.get(i).getValue().getArray().muli(keep).addi(scaled);
            }
        }
    }

    private PairList<String, Parameter> matching(FasterRcnn student) {
        PairList<String, Parameter> mine = model.getParameters();
        PairList<String, Parameter> theirs = student.getParameters();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("the student has " + theirs.size() + " parameters, the teacher "
                    + mine.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            Pair<String, Parameter> a = mine.get(i);
            Pair<String, Parameter> b = theirs.get(i);
            if (!a.getKey().equals(b.getKey())
                    || !a.getValue().getArray().getShape().equals(b.getValue().getArray().getShape())) {
                throw new IllegalArgumentException("the student's parameter " + b.getKey() + " "
                        + b.getValue().getArray().getShape() + " does not match the teacher's " + a.getKey() + " "
                        + a.getValue().getArray().getShape());
            }
        }
        return theirs;
    }

    /** Writes the teacher's parameters. */
    public void save(DataOutputStream out) throws IOException {
        model.saveParameters(out);
    }

    /** Reads what {@link #save} wrote. */
    public void load(DataInputStream in) throws IOException, MalformedModelException {
        model.loadParameters(manager, in);
        withoutGradients();
        // loading put new arrays into the parameters; a store keeps the ones it saw first
        store = new ParameterStore(manager, false);
    }
}
