/**
 * Mean-teacher self-training (Unbiased Teacher, Adaptive Teacher): a teacher that is an
 * exponential moving average of the detector labels target images, and the detector (the
 * student) learns from its confident boxes on strongly augmented views of them.
 * {@link org.scda.adapt.teacher.MeanTeacherMethod} is the method; the pure parts are
 * {@link org.scda.adapt.teacher.PseudoLabels} and {@link org.scda.adapt.teacher.EmaTeacher}.
 */
package org.scda.adapt.teacher;
