package dev.flashbank.sim.state;

import java.util.Optional;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetProvider;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * Opens {@link TargetAddress.Board} targets: a {@link BoardTurn} on the state file (one writer at a time; a missing
 * file refused unless it is a default board; the part named must be the part in the file) and the simulated probe
 * attached to the board. Closing saves the board only if its non-volatile state changed and releases it. The boards
 * are those of the {@link SimulatedFamilies} it is given (front ends pass the installed ones).
 */
public final class SimulatedBoardProvider implements TargetProvider {

    private final SimulatedFamilies families;

    public SimulatedBoardProvider(SimulatedFamilies families) {
        this.families = java.util.Objects.requireNonNull(families, "families");
    }

    @Override
    public TargetAddress.Kind kind() {
        return TargetAddress.Kind.BOARD;
    }

    @Override
    public OpenTarget open(TargetAddress address, ConnectOptions options) throws TargetOpenException {
        TargetAddress.Board a = (TargetAddress.Board) address;
        BoardTurn turn = BoardTurn.begin(a.file(), null, options.holder(), options.waitForBoard(), options.notices(),
                a.createIfMissing() ? () -> newBoard(a.part(), families) : null, families);
        BenchBoard b = turn.board();
        if (a.part().isPresent() && !b.partName().equalsIgnoreCase(a.part().get())) {
            turn.release();
            throw new TargetOpenException(TargetOpenException.Reason.WRONG_PART, turn.live().file() + " holds a simulated "
                    + b.partName() + ", not the " + a.part().get() + " named; name the part the file holds (sim:"
                    + b.partName() + "@" + a.file() + ") or create a " + a.part().get() + " board in another file");
        }
        try {
            SimulatedProbe p = SimulatedProbe.connect(b, options.underReset() ? SimulatedProbe.ConnectMode.UNDER_RESET
                    : SimulatedProbe.ConnectMode.NORMAL);
            return new BoardTarget(a, turn, p);
        } catch (TargetException | RuntimeException e) {
            // e.g. RDP level 2: the board exists but its debug port is gone for good; connecting changed nothing
            turn.release();
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE,
                    "cannot connect to " + a.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The board a default board file starts with: no part or the default part is the default board of the families
     * ({@link SimulatedFamilies#createDefault(BoardOptions)}: the one that can do an A/B update), any other part as it
     * leaves the factory; each with an identity of its own.
     */
    static BenchBoard newBoard(Optional<String> part, SimulatedFamilies families) throws TargetOpenException {
        BoardOptions fresh = BoardOptions.defaults().withFreshIdentity();
        try {
            if (part.isEmpty() || part.get().equalsIgnoreCase(families.defaultPart().orElse(""))) {
                return families.createDefault(fresh);
            }
            return families.create(part.get(), fresh);
        } catch (BoardConfigurationException e) {
            throw new TargetOpenException(TargetOpenException.Reason.BAD_ADDRESS, e.getMessage(), e);
        }
    }

    /** A simulated board open for one command or launch. */
    private static final class BoardTarget implements OpenTarget {
        private final TargetAddress.Board address;
        private final BoardTurn turn;
        private final SimulatedProbe probe;

        BoardTarget(TargetAddress.Board address, BoardTurn turn, SimulatedProbe probe) {
            this.address = address;
            this.turn = turn;
            this.probe = probe;
        }

        @Override
        public TargetAddress address() {
            return address;
        }

        @Override
        public DebugTarget target() {
            return probe;
        }

        @Override
        public PollClock pollClock() {
            return new SimulatorPollClock(probe);
        }

        @Override
        public Optional<String> knownPart() {
            return Optional.of(turn.board().partName());
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            for (Object o : new Object[] { turn.board(), probe, turn.live(), turn }) {
                if (type.isInstance(o)) {
                    return Optional.of(type.cast(o));
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() throws TargetOpenException {
            probe.close();
            turn.close();
        }
    }
}
