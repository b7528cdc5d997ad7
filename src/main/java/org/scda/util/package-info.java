/** Small shared helpers: user-facing errors, progress bars. */
package org.scda.util;
