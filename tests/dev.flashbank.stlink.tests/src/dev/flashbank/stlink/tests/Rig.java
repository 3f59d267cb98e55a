package dev.flashbank.stlink.tests;

import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/** Fake target + emulator + recorder + session, wired the way production code wires a USB probe. */
record Rig(FakeCortexTarget target, StlinkEmulator emulator, RecordingTransport wire, StlinkSession session) {

    static Rig open(EmulatorConfig config) throws TargetException {
        return open(config, StlinkSessionOptions.defaults());
    }

    static Rig open(EmulatorConfig config, StlinkSessionOptions options) throws TargetException {
        FakeCortexTarget target = new FakeCortexTarget();
        StlinkEmulator emulator = new StlinkEmulator(config, target);
        RecordingTransport wire = new RecordingTransport(emulator);
        StlinkSession session = StlinkSession.open(wire, options.withClock(emulator.clock()));
        return new Rig(target, emulator, wire, session);
    }

    static Rig connected(EmulatorConfig config) throws TargetException {
        Rig rig = open(config);
        rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        rig.wire().clear();
        return rig;
    }
}
