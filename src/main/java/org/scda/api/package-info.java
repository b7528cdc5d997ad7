/**
 * The embedding API: load a trained detector and detect objects in images from Java.
 *
 * <pre>{@code
 * try (Detector detector = Detector.load(Path.of("runs/train"))) {
 *     for (Detection d : detector.detect(Path.of("street.png"))) {
 *         System.out.println(detector.className(d) + " " + d.score() + " " + d.box());
 *     }
 * }
 * }</pre>
 */
package org.scda.api;
