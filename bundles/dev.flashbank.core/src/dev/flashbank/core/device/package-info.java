/**
 * Family-independent device model: register/field value types, flash geometry with the physical-bank to
 * address-window mapping, option-field descriptions, risk classes, timings, model parameters, and the
 * {@link dev.flashbank.core.device.DeviceRegistry} that picks a {@link dev.flashbank.core.device.DeviceDescriptor}
 * from DEV_ID and flash size. Every address, bit position, key, geometry and timing used by the simulator, the
 * drivers and the UI comes from this model (and its family packages), defined once.
 */
package dev.flashbank.core.device;
