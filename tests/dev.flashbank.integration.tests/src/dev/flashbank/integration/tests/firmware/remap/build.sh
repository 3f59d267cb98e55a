#!/bin/sh
# Rebuilds the committed REMAP-scheme firmware beside this script (needs gcc-arm-none-eabi).
set -eu
cd "$(dirname "$0")"
${CROSS:-arm-none-eabi-}gcc -mcpu=cortex-m7 -mthumb -mfloat-abi=soft -Os -ffreestanding -nostdlib \
    -fno-asynchronous-unwind-tables -Wall -Wextra -Werror \
    -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -T remap.ld -o remap-v1.elf remap.c
