/** Small shared helpers: user-facing errors, progress bars, a seedable random stream, the lock-attempt seam. */
package org.scda.util;
