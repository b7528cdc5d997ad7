/**
 * Pascal VOC XML annotations ({@code voc:DIR?split=NAME}), the format of Sim10k.
 */
package org.scda.data.voc;
