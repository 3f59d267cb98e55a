#!/bin/sh
# Rebuilds the committed sample images in the folder above this one (../app-bank1.* and ../app-bank2.*).
# Needs the GNU Arm Embedded toolchain (Debian/Ubuntu: apt-get install gcc-arm-none-eabi binutils-arm-none-eabi).
# The outputs are committed so that the tests (and CI) do not need the toolchain; ImageSamplesConsistencyTest
# checks that the committed .elf/.hex/.srec/.bin of each image agree with each other.
set -eu
cd "$(dirname "$0")"
CC=${CROSS:-arm-none-eabi-}gcc
OBJCOPY=${CROSS:-arm-none-eabi-}objcopy
OUT=..
CFLAGS="-mcpu=cortex-m7 -mthumb -Os -ffreestanding -nostdlib -fno-asynchronous-unwind-tables -Wall -Wextra"
# --build-id gives a GNU build-id note; -z noexecstack / --no-warn-rwx-segments keep the link quiet.
LDFLAGS="-Wl,--build-id=sha1 -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -Wl,-L."

build() { # name linker-script version
    $CC $CFLAGS $LDFLAGS -DFW_VERSION="\"$3\"" -T "$2" -o "$OUT/$1.elf" sample.c
    # objcopy runs in the output folder so that the S-record S0 header holds just the file name.
    (cd "$OUT" && $OBJCOPY -O ihex "$1.elf" "$1.hex" && $OBJCOPY -O srec "$1.elf" "$1.srec" &&
        # BIN: gaps inside the image filled with 0xFF (erased flash), like Flashbank's own BIN export.
        $OBJCOPY -O binary --gap-fill 0xFF "$1.elf" "$1.bin")
}

build app-bank1 bank1.ld "flashbank-sample 1.0.0 (bank 1)"
build app-bank2 bank2.ld "flashbank-sample 2.0.0 (bank 2)"
# The start-up sample the simulated board executes (clock tree, SysTick, SWP_FB choice, USART3 console): ELF only.
$CC $CFLAGS $LDFLAGS -T bank1.ld -o "$OUT/console-app.elf" console.c
