/** A small CMSIS-SVD reader on the JDK DOM parser, used to cross-check the device model against ST's SVD files. */
package dev.flashbank.core.svd;
