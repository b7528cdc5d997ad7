/** The built-in synthetic domain-shift benchmarks (placeholder; see branch {@code synth}). */
package org.scda.data.synth;
