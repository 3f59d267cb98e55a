#!/bin/sh
# Rebuilds the committed H7 sample images in the folder above this one (../console-app*.elf).
# Needs the GNU Arm Embedded toolchain (Debian/Ubuntu: apt-get install gcc-arm-none-eabi binutils-arm-none-eabi).
# The outputs are committed so that the tests (and CI) do not need the toolchain.
set -eu
cd "$(dirname "$0")"
CC=${CROSS:-arm-none-eabi-}gcc
OUT=..
# Cortex-M7 with the double-precision FPv5 unit, hard-float ABI, as CubeIDE builds an STM32H7 project.
CFLAGS="-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard -Os -ffreestanding -nostdlib \
-fno-asynchronous-unwind-tables -Wall -Wextra"
# --build-id gives a GNU build-id note; -z noexecstack / --no-warn-rwx-segments keep the link quiet.
LDFLAGS="-Wl,--build-id=sha1 -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -Wl,-L."

# The same code twice, both linked for 0x0800_0000 (an H7 A/B pair: SWAP_BANK selects the physical bank); the
# image number it prints tells them apart.
$CC $CFLAGS $LDFLAGS -DIMAGE_ID=1 -T flash.ld -o "$OUT/console-app.elf" console.c
$CC $CFLAGS $LDFLAGS -DIMAGE_ID=2 -T flash.ld -o "$OUT/console-app-image2.elf" console.c
