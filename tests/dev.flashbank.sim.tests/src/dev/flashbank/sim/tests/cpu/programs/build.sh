#!/bin/sh
# Rebuilds ThumbProgramTest's images (committed: the test needs no compiler): program.c for ARMv6-M (Cortex-M0+)
# and ARMv7E-M (Cortex-M7), as flat binaries loaded at address 0.
set -e
cd "$(dirname "$0")"
COMMON="-mthumb -O2 -ffreestanding -nostdlib -nostartfiles -T link.ld -Wl,--build-id=none"
for cpu in cortex-m0plus cortex-m7; do
    arm-none-eabi-gcc -mcpu=$cpu $COMMON -o program-$cpu.elf crt0.S program.c -lgcc
    arm-none-eabi-objcopy -O binary -j .vectors -j .text program-$cpu.elf program-$cpu.bin
    rm program-$cpu.elf
done
