package dev.flashbank.cli.bench;

/**
 * What one piece of work cost: modelled target time (the simulated board's virtual clock, charged by the simulator's
 * flash timings and the emulated probe's USB/SWD model), USB command exchanges, and the host's own CPU and wall time.
 */
public record Cost(long targetNanos, long usbCommands, long hostCpuNanos, long hostWallNanos) {

    public double targetSeconds() {
        return targetNanos / 1e9;
    }

    public double hostCpuMillis() {
        return hostCpuNanos / 1e6;
    }

    public double hostWallMillis() {
        return hostWallNanos / 1e6;
    }

    public Cost plus(Cost o) {
        return new Cost(targetNanos + o.targetNanos, usbCommands + o.usbCommands, hostCpuNanos + o.hostCpuNanos,
                hostWallNanos + o.hostWallNanos);
    }
}
