#!/bin/sh
# Rebuilds the committed start-up samples in the folder above this one (../sample-g474.elf, ../sample-l476.elf,
# ../sample-g0b1.elf), which the simulated page-flash boards execute (PageFlashFirmwareExecutionTest).
# Needs the GNU Arm Embedded toolchain (Debian/Ubuntu: apt-get install gcc-arm-none-eabi binutils-arm-none-eabi).
# The outputs are committed so that the tests (and CI) do not need the toolchain.
set -eu
cd "$(dirname "$0")"
CC=${CROSS:-arm-none-eabi-}gcc
OUT=..
COMMON="-mthumb -Os -ffreestanding -nostdlib -fno-asynchronous-unwind-tables -Wall -Wextra"
# --build-id gives a GNU build-id note; -z noexecstack / --no-warn-rwx-segments keep the link quiet.
LDFLAGS="-Wl,--build-id=sha1 -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -Wl,-L. -lgcc"
M4F="-mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
M0P="-mcpu=cortex-m0plus -mfloat-abi=soft"

$CC $M4F $COMMON -DLINE_G474 -T g474.ld -o "$OUT/sample-g474.elf" sample.c $LDFLAGS
$CC $M4F $COMMON -DLINE_L476 -T l476.ld -o "$OUT/sample-l476.elf" sample.c $LDFLAGS
$CC $M0P $COMMON -DLINE_G0B1 -T g0b1.ld -o "$OUT/sample-g0b1.elf" sample.c $LDFLAGS
