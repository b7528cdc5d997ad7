/**
 * Cityscapes and Foggy Cityscapes ({@code cityscapes:DIR?split=train},
 * {@code foggy-cityscapes:DIR?split=val&beta=0.02}) read from the {@code gtFine} polygons.
 */
package org.scda.data.cityscapes;
