package io.tandem.change.request;

import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.service.problem.ProblemException;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.tandem.model.change.ChangeStatus.APPROVED;
import static io.tandem.model.change.ChangeStatus.CLOSED;
import static io.tandem.model.change.ChangeStatus.COMPLETED;
import static io.tandem.model.change.ChangeStatus.DRAFT;
import static io.tandem.model.change.ChangeStatus.FAILED;
import static io.tandem.model.change.ChangeStatus.IN_PROGRESS;
import static io.tandem.model.change.ChangeStatus.REJECTED;
import static io.tandem.model.change.ChangeStatus.ROLLED_BACK;
import static io.tandem.model.change.ChangeStatus.SUBMITTED;
import static io.tandem.model.change.ChangeStatus.VERIFIED;

/**
 * The change lifecycle: draft → submitted → approved | rejected → in progress → completed → verified | failed →
 * rolled back → closed. Every command names the states it may leave; anything else is a 409 naming the current state.
 * Emergency changes may start while still awaiting approval.
 */
public final class Transitions {

    /** A lifecycle command of the API and the state it leads to. */
    public enum Command {
        SUBMIT(ChangeAction.SUBMITTED, SUBMITTED),
        APPROVE(ChangeAction.APPROVED, APPROVED),
        REJECT(ChangeAction.REJECTED, REJECTED),
        START(ChangeAction.STARTED, IN_PROGRESS),
        COMPLETE(ChangeAction.COMPLETED, COMPLETED),
        VERIFY(ChangeAction.VERIFIED, VERIFIED),
        FAIL(ChangeAction.FAILED, FAILED),
        ROLLBACK(ChangeAction.ROLLED_BACK, ROLLED_BACK),
        CLOSE(ChangeAction.CLOSED, CLOSED);

        public final ChangeAction action;
        public final ChangeStatus target;

        Command(ChangeAction action, ChangeStatus target) {
            this.action = action;
            this.target = target;
        }

        /** The path segment of the command, e.g. {@code /rollback}. */
        public String verb() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Map<Command, Set<ChangeStatus>> FROM = Map.of(
            Command.SUBMIT, EnumSet.of(DRAFT),
            Command.APPROVE, EnumSet.of(SUBMITTED),
            Command.REJECT, EnumSet.of(SUBMITTED),
            Command.START, EnumSet.of(APPROVED),
            Command.COMPLETE, EnumSet.of(IN_PROGRESS),
            Command.VERIFY, EnumSet.of(COMPLETED),
            Command.FAIL, EnumSet.of(IN_PROGRESS, COMPLETED),
            Command.ROLLBACK, EnumSet.of(IN_PROGRESS, COMPLETED, VERIFIED, FAILED),
            Command.CLOSE, EnumSet.of(VERIFIED, ROLLED_BACK, REJECTED));

    /** Throws the 409 unless {@code command} may leave {@code status} for a change of {@code type}. */
    public static void check(Command command, ChangeType type, ChangeStatus status) {
        boolean allowed = FROM.get(command).contains(status)
                || (command == Command.START && type == ChangeType.EMERGENCY && status == SUBMITTED);
        if (!allowed) {
            throw ProblemException.conflict(status.wire(), "cannot " + command.verb() + " a " + status.wire() + " change");
        }
    }

    /** Editing and deleting are for drafts only: after submission the audited record is what was approved. */
    public static void checkEditable(ChangeStatus status, String what) {
        if (status != DRAFT) {
            throw ProblemException.conflict(status.wire(), "only a draft change can be " + what);
        }
    }

    private Transitions() {
    }
}
