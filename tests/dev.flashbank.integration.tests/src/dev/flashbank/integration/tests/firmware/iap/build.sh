#!/bin/sh
# Rebuilds the committed in-application-update firmware beside this script (needs gcc-arm-none-eabi).
set -eu
cd "$(dirname "$0")"
CC=${CROSS:-arm-none-eabi-}gcc
CFLAGS="-mcpu=cortex-m7 -mthumb -mfloat-abi=soft -Os -ffreestanding -nostdlib -fno-asynchronous-unwind-tables -Wall -Wextra -Werror"
LDFLAGS="-Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -T iap.ld"
$CC $CFLAGS $LDFLAGS -DTARGET_ADDRESS=0x08000000u -o iap-as-seeded.elf iap.c
$CC $CFLAGS $LDFLAGS -DTARGET_ADDRESS=0x08100000u -o iap-physical-bank1.elf iap.c
