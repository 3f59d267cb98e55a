package dev.flashbank.stlink.usb;

/** libusb error classes as the rest of the stack needs to tell them apart (libusb_error, mapped in one place). */
public enum UsbError {
    IO, INVALID_PARAM, ACCESS, NO_DEVICE, NOT_FOUND, BUSY, TIMEOUT, OVERFLOW, PIPE, INTERRUPTED, NO_MEM, NOT_SUPPORTED,
    OTHER
}
