#!/bin/sh
# Rebuilds the committed source-level debugging sample beside this script (needs gcc-arm-none-eabi).
set -eu
cd "$(dirname "$0")"
${CROSS:-arm-none-eabi-}gcc -mcpu=cortex-m7 -mthumb -mfloat-abi=soft -O0 -g -ffreestanding -nostdlib \
    -fno-asynchronous-unwind-tables -fdebug-prefix-map="$(pwd)"=. -Wall -Wextra -Werror \
    -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -T gdbdemo.ld -o gdbdemo.elf gdbdemo.c
