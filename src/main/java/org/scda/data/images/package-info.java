/**
 * Unlabelled image folders ({@code images:DIR}), for a target domain that has no labels.
 */
package org.scda.data.images;
